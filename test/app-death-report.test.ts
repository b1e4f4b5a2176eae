// One death, one incident (issue 42 item 4), through the app with real processes: a gateway gatewatch saw die is
// restarted, and the new life reports the death as Hermes v0.20.2 does (`prior_unclean_exit` in its sentinel, the
// `Previous gateway life … exited UNCLEANLY` line before its start line). That report is the seen death's evidence,
// said in its recovery, not a second incident; a one-shot check on the same state says the same. A death gatewatch did
// not see (another state, or a restart between two looks) is reported by itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp, type App } from '../src/app.js';
import { runCheck } from '../src/control/check.js';
import { formatAsctime } from '../src/demo/hermes-log.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { healthyLiveGateway } from './helpers/live-gateway.js';
import { cleanup } from './helpers/probe-procs.js';
import { clockAt } from './helpers/clock.js';
import { stopApp } from './helpers/demo-apps.js';

let h: Harness | undefined;
const apps: App[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await stopApp(a);
  await h?.close();
  h = undefined;
  await cleanup();
});

const isoNow = (t: number) => new Date(t).toISOString().replace('Z', '+00:00');

/** A gateway started again after `dead` died: its boot reports that death first, as v0.20.2 does. */
async function restartedAfter(home: string, dead: { pid: number; startedAt: number }) {
  mkdirSync(path.join(home, 'state'), { recursive: true });
  // Its first line, right after its process started (Hermes writes nothing before it runs).
  const next = await healthyLiveGateway(home, {
    runAt: 'start',
    append: true,
    first: (at) =>
      `${formatAsctime(at)} WARNING gateway.lifecycle_ledger: Previous gateway life (pid=${dead.pid}, started_at=${isoNow(dead.startedAt)}) exited UNCLEANLY (no exit path ran — SIGKILL / OOM / VM death). last_heartbeat_at=${isoNow(dead.startedAt + 300)} last_mem={'rss_kib': 128848, 'mem_total_kib': 24684092, 'mem_available_kib': 23800580, 'swap_used_kib': 0} suspected_oom=False`,
  });
  writeFileSync(
    path.join(home, 'state', 'gateway.lifecycle.json'),
    JSON.stringify({
      phase: 'running',
      pid: next.pid,
      start_time: next.runAt / 1000,
      started_at: isoNow(next.runAt),
      prior_unclean_exit: true,
    }),
  );
  return next;
}

/** `gatewatch check` as the CLI runs it without a daemon: a read-only app on the given state dir, one look. */
async function check(config: ReturnType<typeof resolveConfig>) {
  const app = await createApp(config, { log: pino({ level: 'silent' }), readOnly: true });
  apps.push(app);
  return runCheck(app.core);
}

describe('one death, one incident', () => {
  it('the new life’s report of a death gatewatch saw is that incident’s evidence; check agrees from the state it left', async () => {
    h = await startHarness({ start: false });
    const app = h.app;
    const first = await healthyLiveGateway(h.hermesHome);
    expect((await app.core.evaluate('default')).findings).toEqual([]);

    process.kill(first.pid, 'SIGKILL');
    await first.exited;
    expect((await app.core.evaluate('default')).findings.map((f) => f.check)).toEqual(['state_stale_running']);
    expect(app.core.state.deaths.default).toEqual([expect.objectContaining({ pid: first.pid })]);

    await restartedAfter(h.hermesHome, { pid: first.pid, startedAt: Date.now() - 60_000 });
    const back = await app.core.evaluate('default');
    expect(back.findings).toEqual([]);
    const records = await h.auditRecords();
    expect(records.filter((r) => r.type === 'alert.open').map((r) => r.check)).toEqual(['state_stale_running']);
    expect(records.filter((r) => r.type === 'alert.resolve').map((r) => r.check)).toEqual(['state_stale_running']);
    const death = Object.values(app.core.state.incidents).find((i) => i.check === 'state_stale_running')!;
    expect(death).toMatchObject({ status: 'resolved', hermesReport: { oom: false } });
    expect(death.finding.evidence.join('\n')).toMatch(/prior_unclean_exit=true[\s\S]*Previous gateway life \(pid=/);

    // A cron job's `gatewatch check` with the daemon gone: the state it left says the death was seen.
    await stopApp(app);
    const c = await check(h.config);
    expect(c.summary.findings.map((f) => f.check)).toEqual([]);
    expect(c.exit).toBe(0);

    // Another gatewatch, which never saw that death: reported by itself, once (a warning, exit 1).
    const other = resolveConfig(
      configSchema.parse({
        targets: [{ name: 'default', hermes_home: h.hermesHome, platforms: ['feishu', 'qqbot'] }],
        state_dir: path.join(h.dir, 'other-state'),
      }),
      undefined,
    );
    const unseen = await check(other);
    expect(unseen.summary.findings.map((f) => f.check)).toEqual(['gateway_died_before']);
    expect(unseen.exit).toBe(1);
  });

  it('a death between two looks (a supervisor restarted it before gatewatch looked again) is reported by itself', async () => {
    h = await startHarness({ start: false });
    const app = h.app;
    const first = await healthyLiveGateway(h.hermesHome);
    expect((await app.core.evaluate('default')).findings).toEqual([]);
    process.kill(first.pid, 'SIGKILL');
    await first.exited;
    await restartedAfter(h.hermesHome, { pid: first.pid, startedAt: Date.now() - 60_000 });
    expect((await app.core.evaluate('default')).findings.map((f) => f.check)).toEqual(['gateway_died_before']);
    const records = await h.auditRecords();
    expect(records.filter((r) => r.type === 'alert.open').map((r) => r.check)).toEqual(['gateway_died_before']);
  });

  // Issue 77 item 2 (the Docker rig's kill that s6 repaired): told once, the warning closes without a "Recovered" after
  // its half hour, and the audit and the history say so, instead of leaving it open forever.
  it('its warning, past its window, is closed as lapsed in the audit and the history', async () => {
    let ahead = 0;
    h = await startHarness({ start: false, appOptions: { clock: clockAt(() => Date.now() + ahead) } });
    const app = h.app;
    const first = await healthyLiveGateway(h.hermesHome);
    expect((await app.core.evaluate('default')).findings).toEqual([]);
    process.kill(first.pid, 'SIGKILL');
    await first.exited;
    await restartedAfter(h.hermesHome, { pid: first.pid, startedAt: Date.now() - 60_000 });
    await app.core.evaluate('default');
    ahead = 31 * 60_000;
    await app.core.evaluate('default');
    const records = await h.auditRecords();
    const open = records.find((r) => r.type === 'alert.open' && r.check === 'gateway_died_before')!;
    const id = (open.detail as { incident: string }).incident;
    expect(
      records
        .filter((r) => r.type !== 'alert.open' && (r.detail as { incident?: string } | null)?.incident === id)
        .map((r) => [r.type, (r.detail as { how?: string }).how]),
    ).toEqual([['alert.close', 'lapsed']]);
    const [said] = await h.say('/incident default-1');
    expect(said!.title).toMatch(/— closed: told once, its evidence since aged out$/);
  });

  it('that report, told and the new gateway serving, is over: its incident closes without a word; check agrees', async () => {
    // A supervisor that repairs a kill between two looks (s6 in Hermes' image, in about a second): the death's report
    // is the only word of it. Once told, it is history, not a warning that holds `check` at exit 1 for half an hour.
    h = await startHarness({ start: false });
    const app = h.app;
    const first = await healthyLiveGateway(h.hermesHome);
    expect((await app.core.evaluate('default')).findings).toEqual([]);
    process.kill(first.pid, 'SIGKILL');
    await first.exited;
    await restartedAfter(h.hermesHome, { pid: first.pid, startedAt: Date.now() - 60_000 });
    expect((await app.core.evaluate('default')).findings.map((f) => f.check)).toEqual(['gateway_died_before']);
    expect((await app.core.evaluate('default')).findings).toEqual([]);
    const report = Object.values(app.core.state.incidents).find((i) => i.check === 'gateway_died_before')!;
    expect(report.status).toBe('resolved');
    const records = await h.auditRecords();
    expect(records.filter((r) => r.type === 'alert.open').map((r) => r.check)).toEqual(['gateway_died_before']);
    expect(records.filter((r) => r.type === 'alert.resolve')).toEqual([]);
    // Closed in the audit all the same: every incident the log opens, it closes.
    expect(records.filter((r) => r.type === 'alert.close').map((r) => r.check)).toEqual(['gateway_died_before']);
    expect((await app.core.look('default')).findings).toEqual([]);
    await stopApp(app);
    const c = await check(h.config);
    expect(c.summary.findings).toEqual([]);
    expect(c.exit).toBe(0);
  });
});
