// The demo gateway under the real pm2, supervisord, runit and s6 (test/helpers/supervised.ts), looked at as a look does
// (`service.manager: auto`): what test/probes/supervisors/real-supervisors*.test.ts share, one file a part of the story
// so that they run beside each other.
import { expect } from 'vitest';
import type { ServiceEvidence } from '../../src/evidence.js';
import { probeProcess } from '../../src/probes/process.js';
import { probeService } from '../../src/probes/service.js';
import { makeTarget } from './probe-procs.js';
import { supervised, type Supervised, type SupervisorKind } from './supervised.js';
import { until } from './until.js';

/** The supervisors the tests started, for stopLive. */
export const live: Supervised[] = [];
/** Each file's afterEach: the supervisors its tests started, stopped. */
export async function stopLive(): Promise<void> {
  for (const s of live.splice(0)) await s.stop();
}

export const ERROR = "ModuleNotFoundError: No module named 'lark_oapi'";

export async function start(kind: SupervisorKind, o: Parameters<typeof supervised>[1] = {}) {
  const s = await supervised(kind, o);
  live.push(s);
  const target = makeTarget(s.home);
  const host = {
    env: { ...process.env, ...s.env, ...(s.bin ? { PATH: `${s.bin}:${process.env.PATH}` } : {}) },
    ...s.traces,
  };
  const look = async (): Promise<ServiceEvidence> => {
    const proc = await probeProcess(target);
    return probeService(target, { ...host, proc, pidRecord: proc.pidFile, now: Date.now() });
  };
  const alive = async () => (await probeProcess(target)).alive;
  await until(`the gateway runs under ${kind}`, alive, { timeoutMs: 60_000 });
  return { s, target, host, look, alive };
}

/** Started as `options` write it and stopped through its supervisor before any look: found, its stop the operator's. */
export async function stoppedNeverSeen(kind: SupervisorKind, options: Parameters<typeof supervised>[1] = {}) {
  const { s, look, alive } = await start(kind, options);
  expect((await s.ctl('stop')).code).toBe(0);
  await until('stopped', async () => !(await alive()), { timeoutMs: 60_000 });
  const down = await until('the supervisor says it stopped it', async () => {
    const ev = await look();
    return ev.stopped ? ev : undefined;
  });
  expect(down).toMatchObject({ manager: kind, name: s.program, active: false });
  expect(down.stopped?.line).toMatch(WORDS[kind].stopped);
}

/** What each supervisor says of a running gateway, a stopped one, and one it gave up on, in its own words. */
export const WORDS: Record<SupervisorKind, { running: RegExp; stopped: RegExp; gaveUp?: RegExp }> = {
  pm2: {
    running: /^online$/,
    stopped: /^Stopping app:hermes id:\d+$/,
    gaveUp: /had too many unstable restarts \(\d+\)\. Stopped\. "errored"/,
  },
  supervisord: {
    running: /^RUNNING pid \d+, uptime /,
    stopped: /^STOPPED \w{3} \d\d \d\d:\d\d [AP]M$/,
    gaveUp: /^gave up: hermes entered FATAL state, too many start retries too quickly$/,
  },
  // Down, or still going down as it was told (`want down`): the gateway may be gone before the supervisor says down.
  runit: { running: /^run: \(pid \d+\) \d+s/, stopped: /^(down: .*: \d+s, normally up$|run: .*, want down)/ },
  s6: {
    running: /^up \(pid \d+\) \d+ seconds?/,
    stopped: /^(down \(\w+ \d+\) \d+ seconds?, normally up|up \(pid \d+\) \d+ seconds?, want down)/,
  },
};
