// The demo gateway playing Hermes v0.20.2 (`--hermes v0.20`), held to the real capture
// (test/fixtures/hermes/real-v0.20.2-lifecycle.log): a SIGKILL leaves its sentinel `running`, the next boot reports
// the dead life BEFORE `Starting Hermes Gateway...` and claims `prior_unclean_exit`; a clean stop rewrites the
// sentinel and the next boot says so. Real processes (the built dist/ gateway), real signals, real files.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/evidence.js';
import { demoScriptPath, startDemo, stopDemo } from '../../src/demo/index.js';
import { parseLogText } from '../../src/probes/log-parse.js';
import { until } from '../helpers/until.js';
import { signalOfHome } from '../helpers/probe-procs.js';
import { TEST_DIR } from '../helpers/paths.js';

const FIXTURE = path.join(TEST_DIR, 'fixtures', 'hermes', 'real-v0.20.2-lifecycle.log');

let home: string | undefined;
beforeAll(() => {
  if (!existsSync(demoScriptPath('gateway'))) throw new Error('dist/ is missing: run `npm run build` first');
});
afterEach(async () => {
  if (!home) return;
  const rec = await readJson<{ pid?: number }>(path.join(home, 'gateway.pid'));
  await stopDemo(home).catch(() => undefined);
  if (rec?.pid) signalOfHome([rec.pid], home);
  await rm(home, { recursive: true, force: true });
  home = undefined;
});

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

const records = async (): Promise<LogRecord[]> =>
  parseLogText(await readFile(path.join(home!, 'logs', 'gateway.log'), 'utf8').catch(() => ''));

/** A message as a template: numbers, ids, times, paths and URLs out, so the demo's and the capture's compare. */
const shape = (m: string) =>
  m
    .replace(/\[QQBot:\d+\]/g, '[QQBot:N]')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+\+00:00/g, 'ISO')
    .replace(/wss?:\/\/\S+/g, 'URL')
    .replace(/(\/[\w.-]+)+/g, 'PATH')
    .replace(/\d+(\.\d+)?/g, 'N');

/** Waits for the boot that began after `after` records to run its housekeeping; returns that boot's records. */
async function boot(after: number): Promise<LogRecord[]> {
  return until(
    'the boot to finish',
    async () => {
      const rs = (await records()).slice(after);
      return rs.some((r) => r.message === 'Gateway housekeeping started (interval=60s)') ? rs : undefined;
    },
    { timeoutMs: 15_000 },
  );
}

const sentinel = () =>
  readJson<Record<string, unknown>>(path.join(home!, 'state', 'gateway.lifecycle.json')).then((s) => s ?? {});

describe('the demo gateway plays Hermes v0.20.2', () => {
  it('its lines are the capture’s; a SIGKILLed life is reported by the next boot before its start line, and claimed as prior_unclean_exit', {
    timeout: 60_000,
  }, async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'gw-demo-v020-'));
    const first = await startDemo(home, { hermes: 'v0.20' });
    expect(first.ok).toBe(true);
    const boot1 = await boot(0);
    const claim1 = await sentinel();
    expect(claim1).toMatchObject({ phase: 'running', pid: first.pid });
    expect(claim1.prior_unclean_exit).toBeUndefined();
    const beat = await until('a heartbeat', () =>
      readJson<{ pid?: number; mem?: Record<string, number> }>(path.join(home!, 'state', 'gateway.heartbeat')),
    );
    expect(beat.pid).toBe(first.pid);
    expect(Object.keys(beat.mem ?? {})).toEqual(['rss_kib', 'mem_total_kib', 'mem_available_kib', 'swap_used_kib']);

    // Every line the demo writes for QQ and the runner is one the real v0.20.2 wrote (Feishu is the demo's addition).
    const real = new Set(parseLogText(await readFile(FIXTURE, 'utf8')).map((r) => `${r.logger}: ${shape(r.message)}`));
    const foreign = boot1
      .filter((r) => !/feishu/i.test(r.line))
      .map((r) => `${r.logger}: ${shape(r.message)}`)
      .filter((l) => !real.has(l));
    expect(foreign).toEqual([]);

    // kill -9: nothing written; the sentinel still names the dead pid as running.
    process.kill(first.pid!, 'SIGKILL');
    await until('the kill', () => {
      try {
        process.kill(first.pid!, 0);
        return false;
      } catch {
        return true;
      }
    });
    expect(await sentinel()).toMatchObject({ phase: 'running', pid: first.pid });

    const n = (await records()).length;
    const second = await startDemo(home, { hermes: 'v0.20' });
    expect(second.ok).toBe(true);
    const boot2 = await boot(n);
    // The capture's order: the report of the dead life, then the start line, then the platforms.
    const at = (m: RegExp) => boot2.findIndex((r) => m.test(r.message));
    const report = boot2[at(/^Previous gateway life/)]!;
    expect(report.logger).toBe('gateway.lifecycle_ledger');
    expect(report.level).toBe('WARNING');
    expect(report.message).toContain(
      `Previous gateway life (pid=${first.pid}, started_at=${String(claim1.started_at)})`,
    );
    expect(report.message).toMatch(
      /exited UNCLEANLY \(no exit path ran — SIGKILL \/ OOM \/ VM death\)\. last_heartbeat_at=\S+ last_mem=\{'rss_kib': \d+, 'mem_total_kib': \d+, 'mem_available_kib': \d+, 'swap_used_kib': \d+\} suspected_oom=False$/,
    );
    expect(at(/^Previous gateway life/)).toBe(at(/^Starting Hermes Gateway\.\.\.$/) - 1);
    expect(at(/^Starting Hermes Gateway/)).toBeLessThan(at(/^✓ qqbot connected/));
    expect(await sentinel()).toMatchObject({ phase: 'running', pid: second.pid, prior_unclean_exit: true });
    const diag = (await readFile(path.join(home, 'logs', 'gateway-exit-diag.log'), 'utf8')).trim().split('\n');
    expect(JSON.parse(diag.at(-1)!)).toMatchObject({
      tag: 'gateway.previous_unclean_exit',
      pid: second.pid,
      prior_pid: first.pid,
    });

    // A planned stop is a clean exit: the sentinel says so, and the next boot reports no dead life.
    expect((await stopDemo(home)).ok).toBe(true);
    expect(await sentinel()).toMatchObject({
      phase: 'exited',
      pid: second.pid,
      exit_code: 0,
      exit_reason: 'graceful_shutdown',
    });
    const m = (await records()).length;
    const third = await startDemo(home, { hermes: 'v0.20' });
    const boot3 = await boot(m);
    expect(boot3.some((r) => r.message.startsWith('Previous gateway life'))).toBe(false);
    expect(boot3.some((r) => r.message === 'Previous gateway exited cleanly — skipping session suspension')).toBe(true);
    const claim3 = await sentinel();
    expect(claim3).toMatchObject({ phase: 'running', pid: third.pid });
    expect(claim3.prior_unclean_exit).toBeUndefined();
  });
});
