// A busy log of lines that are not message traffic and that a detector reads (issue 21): on a live gateway judged
// healthy, each burst's lines are judged against the last gather's process, state file and service (a glance), not a
// fresh probe of them all twice a second (lines no detector reads are not judged at all: watch-traffic.test.ts). The glance is only as old as GLANCE_REUSE_MS and never stands for news outside the log; anything it finds
// is gathered afresh and judged at once.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { formatRecord } from '../../src/demo/hermes-log.js';
import { DEFAULT_BATCH_MS } from '../../src/probes/log-tail.js';
import { createTargetWatch, type TargetWatch } from '../../src/watch/target.js';
import type { Harness } from '../helpers/harness.js';
import { healthyLiveGateway } from '../helpers/live-gateway.js';
import { slowPoll, startLogOnlyApp } from '../helpers/log-only-app.js';
import { until, where } from '../helpers/until.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { manualClock } from '../helpers/clock.js';
import { systemClock } from '../../src/util/clock.js';

let h: Harness | undefined;
const watches: TargetWatch[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const w of watches.splice(0)) await w.stop();
  await cleanup();
});

/** A Feishu adapter line that is neither message traffic nor anything a detector matches. */
const other = (i: number) =>
  formatRecord(Date.now(), 'INFO', 'gateway.platforms.feishu', `[Feishu] card update ${i} sent`);
/**
 * Exact format from the Hermes reference (§4.1 `[%s] Access token refreshed, expires in %ds`): a line qq_zombie reads
 * (a REST call that proves nothing of the socket), so news, and one that raises nothing.
 */
const read = (i: number) =>
  formatRecord(
    Date.now(),
    'INFO',
    'gateway.platforms.qqbot.adapter',
    `[QQBot:102345678] Access token refreshed, expires in ${7200 - i}s`,
  );
/** Exact format from the Hermes reference: QQ gave up reconnecting; only a restart brings it back. */
const terminal = () =>
  formatRecord(
    Date.now(),
    'ERROR',
    'gateway.platforms.qqbot.adapter',
    '[QQBot:102345678] Max reconnect attempts reached',
  );

function stateFile(home: string, pid: number, feishu: string): void {
  const now = new Date().toISOString();
  writeFileSync(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid,
      gateway_state: 'running',
      platforms: { feishu: { state: feishu, updated_at: now }, qqbot: { state: 'connected', updated_at: now } },
      updated_at: now,
    }),
  );
}

describe.runIf(process.platform === 'linux')('glance', () => {
  it('brings the log up to date over the last gather while it is under 10 s old; older, or after a gather, it reads afresh', async () => {
    const home = await tempDir();
    mkdirSync(path.join(home, 'logs'));
    const { log, pid } = await healthyLiveGateway(home);
    const config = resolveConfig(
      configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
      undefined,
    );
    let clock = 0;
    const watch = createTargetWatch({
      clock: systemClock,
      config,
      target: config.targets[0]!,
      log: pino({ level: 'silent' }),
      monotonic: () => clock,
    });
    watches.push(watch);
    expect(await watch.glance()).toBeUndefined(); // nothing gathered yet

    const first = await watch.gather();
    expect(first.state?.platforms.feishu?.state).toBe('connected');
    // The state file changes and the log grows: a glance sees the new lines, and the state file as gathered.
    stateFile(home, pid, 'disconnected');
    appendFileSync(log, other(1) + '\n');
    clock += 9_000;
    const g = (await watch.glance())!;
    expect(g.log.run.at(-1)?.message).toBe('[Feishu] card update 1 sent');
    expect(g.state?.platforms.feishu?.state).toBe('connected');
    expect(g.process.pid).toBe(pid);

    // 10 s after the gather the glance is too old: gather instead, which reads the state file again.
    clock += 1_000;
    expect(await watch.glance()).toBeUndefined();
    const second = await watch.gather({ quick: true });
    expect(second.state?.platforms.feishu?.state).toBe('disconnected');
    appendFileSync(log, other(2) + '\n');
    const g2 = (await watch.glance())!;
    expect(g2.state?.platforms.feishu?.state).toBe('disconnected');
    expect(g2.log.run.at(-1)?.message).toBe('[Feishu] card update 2 sent');
  });

  it('on a healthy gateway, bursts of lines a detector reads are judged against the last gather; a failure line is gathered afresh and raised at once', async () => {
    const clock = manualClock();
    const started = await startLogOnlyApp(clock);
    h = started.h;
    const { p, log, checks } = started;
    const gathered = h.app.core.lastResult('default')!;
    expect(gathered.findings).toEqual([]);

    // A second of such lines: judged (they are news), from the gathered state.
    const before = checks.length;
    for (let i = 0; i < 5; i++) {
      appendFileSync(log, [0, 1, 2, 3, 4].map((j) => read(i * 5 + j)).join('\n') + '\n');
      await clock.advance(200); // a burst every 200 ms
    }
    await until(
      'the bursts judged',
      where(
        async () => (
          await clock.advance(200), h!.app.core.lastResult('default')!.evidence.log.run.at(-1)?.message ?? ''
        ),
        (m) => m.includes(`expires in ${7200 - 24}s`),
      ),
      slowPoll,
    );
    expect(checks.length).toBeGreaterThan(before);
    const glanced = h.app.core.lastResult('default')!;
    expect(glanced.findings).toEqual([]);
    expect(glanced.evidence.state).toBe(gathered.evidence.state); // the state file was not read again
    expect(glanced.evidence.now).toBeGreaterThan(gathered.evidence.now);

    // A failure line among them: raised at once, from evidence gathered afresh.
    await until('the evaluation to end', () => h!.app.core.evaluatingSince('default') === undefined, slowPoll);
    // A quiet spell first, so the failure is the first line of a burst: a batch window that saw an event opens one
    // more, so two windows' time.
    await clock.advance(2 * DEFAULT_BATCH_MS);
    await clock.advance(2 * DEFAULT_BATCH_MS);
    appendFileSync(log, [read(25), terminal(), read(26)].join('\n') + '\n');
    const alert = await p.next((a) => a.kind === 'open');
    expect(alert.reply.title).toMatch(/QQ/);
    const judged = h.app.core.lastResult('default')!;
    expect(judged.findings.map((f) => f.check)).toContain('qq_reconnect_exhausted');
    expect(judged.evidence.state).not.toBe(gathered.evidence.state);
  }, 40_000);
});
