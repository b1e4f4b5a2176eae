// The live log path end to end: a terminal failure line appended to gateway.log is judged at once (the first line of a
// burst) and its alert reaches the channel without waiting for the burst to end; the rest of the burst is folded into
// one more evaluation. Real files, a real `gateway run` process, the real tailer, detectors, incidents and outbox.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/harness.js';
import { phone, until } from './helpers/phone.js';
import { cleanup, spawnIdle, startTicksOf } from './helpers/probe-procs.js';
import { formatAsctime, formatRecord } from '../src/demo/hermes-log.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

const HEALTHY = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'logs', 'healthy.log'), 'utf8').split('\n').filter(Boolean).slice(0, 20);
/** The fixture's healthy start-up (real Hermes format), retimed to a minute ago. */
const healthyLines = () => HEALTHY.map((l, i) => formatAsctime(Date.now() - 60_000 + i * 100) + l.slice(23));
/** Exact format from the Hermes reference: QQ gave up reconnecting; only a restart brings it back. */
const terminal = () => formatRecord(Date.now(), 'ERROR', 'gateway.platforms.qqbot.adapter', '[QQBot:102345678] Max reconnect attempts reached');
const chatter = (i: number) => formatRecord(Date.now(), 'INFO', 'gateway.run', `inbound message: platform=feishu user=ou_x chat=oc_y msg='burst ${i}' reply_to_id=None reply_to_text=''`);

describe('a log burst', () => {
  it('judges its first line at once and the rest of the burst in one more evaluation', async () => {
    const BATCH_MS = 4_000; // long, so "at once" and "after the batch" are seconds apart even on a loaded machine
    const checks: number[] = [];
    const p = phone();
    // A schedule that never fires here: a cron tick at a minute boundary would be one more check than the burst's.
    h = await startHarness({ start: false, config: { schedule: '0 0 1 1 *' }, channels: [p.ch], appOptions: { logBatchMs: BATCH_MS, onCheck: () => void checks.push(performance.now()) } });
    const home = h.hermesHome;
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    writeFileSync(path.join(home, 'gateway.pid'), JSON.stringify({ pid: gw.pid, kind: 'hermes-gateway', argv: ['python', '-m', 'hermes', 'gateway', 'run'], start_time: await startTicksOf(gw.pid!) }));
    const now = new Date().toISOString();
    writeFileSync(
      path.join(home, 'gateway_state.json'),
      JSON.stringify({ pid: gw.pid, gateway_state: 'running', platforms: { feishu: { state: 'connected', updated_at: now }, qqbot: { state: 'connected', updated_at: now } }, updated_at: now }),
    );
    const log = path.join(home, 'logs', 'gateway.log');
    writeFileSync(log, healthyLines().join('\n') + '\n');
    await h.app.start();
    await until(() => h!.app.lastResult('default'), (r) => r !== undefined && !h!.app.evaluatingSince('default'), 'the first evaluation');
    expect(h.app.lastResult('default')!.findings).toEqual([]);

    const before = checks.length;
    const t0 = performance.now();
    appendFileSync(log, terminal() + '\n');
    const alert = await p.next((a) => a.kind === 'open');
    const alertMs = performance.now() - t0;
    // The rest of the burst, inside the batch window.
    for (let i = 0; i < 10; i++) {
      appendFileSync(log, chatter(i) + '\n');
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(alert.reply.title).toMatch(/QQ/);
    expect(alertMs).toBeLessThan(BATCH_MS / 2); // judged on the first line, not at the end of the batch

    // One more evaluation, at the end of the window, that has seen the whole burst; then quiet.
    await until(() => h!.app.lastResult('default')!.evidence.log.run.at(-1)?.message ?? '', (m) => m.includes("msg='burst 9'"), 'the burst judged', 20_000);
    await new Promise((r) => setTimeout(r, BATCH_MS + 500));
    const fromLog = checks.slice(before);
    expect(fromLog.length).toBe(2);
    expect(fromLog[1]! - fromLog[0]!).toBeGreaterThan(BATCH_MS * 0.9);
    expect(p.got.filter((a) => a.kind === 'open')).toHaveLength(1);
  }, 40_000);
});
