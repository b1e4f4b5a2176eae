// A supervisor's give-up ends its loop: the life an operator (or /fix) starts after supervisord's `gave up: … entered
// FATAL state` or pm2's `errored` is a new one, and so is the life after a stop it was asked for. Counted across them,
// the supervisord story said "the gateway is back", then "Still open: 🔴 crash-looping, 8 times in 2m" beside it, the
// loop's deaths all before the give-up. supervisord through a stand-in `supervisorctl` that says what the real one says,
// pm2 through its log's lines (words.test.ts has both).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Evidence } from '../../../src/evidence.js';
import { unjudgedChecks } from '../../../src/detectors/index.js';
import { hostOf } from '../../../src/probes/host.js';
import { pm2Events, pm2State } from '../../../src/probes/supervisors/pm2.js';
import { adapterOf } from '../../../src/probes/supervisors/index.js';
import { cleanup, makeTarget, tempDir, writeExecutable } from '../../helpers/probe-procs.js';

afterEach(cleanup);

const T0 = new Date(2026, 10, 29, 21, 0, 0).getTime();
const stamp = (s: number) => {
  const d = new Date(T0 + s * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
};
const loop = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => [
    `${stamp(from + i * 2)} INFO spawned: 'hermes' with pid ${200 + i}`,
    `${stamp(from + i * 2 + 1)} WARN exited: hermes (exit status 1; not expected)`,
  ]).flat();

describe("supervisord's loop, and what ends it", () => {
  async function look(status: string, main: string[], atS: number, mainFails = false) {
    const dir = await tempDir('gw-supervisord-lives-');
    await writeFile(path.join(dir, 'status'), `${status}\n`);
    await writeFile(path.join(dir, 'main'), `${main.join('\n')}\n`);
    await writeExecutable(
      path.join(dir, 'bin', 'supervisorctl'),
      `#!/bin/sh\ncase "$1" in status) cat ${dir}/status; exit 0;; maintail) ${mainFails ? 'exit 2' : `cat ${dir}/main`};; tail) echo 'ModuleNotFoundError: x';; esac\n`,
    );
    const host = hostOf({ env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin` }, supervisorConfs: [] });
    const target = makeTarget(path.join(dir, 'home'));
    return adapterOf('supervisord').probe(target, { manager: 'supervisord', name: 'hermes', from: 'config' }, host, {
      now: T0 + atS * 1000,
    });
  }

  it('gave up, then started by hand: the life after it has no deaths of the loop before it', async () => {
    const main = [
      ...loop(0, 8),
      // In the millisecond of the last exit, as supervisord often logs it.
      `${stamp(15)} INFO gave up: hermes entered FATAL state, too many start retries too quickly`,
      `${stamp(30)} INFO spawned: 'hermes' with pid 300`,
      `${stamp(31)} INFO success: hermes entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)`,
    ];
    const ev = await look('hermes                           RUNNING   pid 300, uptime 0:00:05', main, 35);
    expect(ev.deaths).toBeUndefined();
    // Still given up: the loop is the give-up's story.
    const fatal = await look(
      'hermes                           FATAL     Exited too quickly (process log may have details)',
      main.slice(0, -2),
      20,
    );
    expect(fatal.deaths?.count).toBe(8);
  });

  it('a loop after the start is its own, dated from its first death', async () => {
    const main = [
      ...loop(0, 8),
      `${stamp(17)} INFO gave up: hermes entered FATAL state, too many start retries too quickly`,
      ...loop(30, 2),
    ];
    const ev = await look(
      'hermes                           BACKOFF   Exited too quickly (process log may have details)',
      main,
      34,
    );
    expect(ev.deaths).toMatchObject({ count: 2, firstAt: T0 + 31_000 });
  });

  it('given up between its status and its main log (a busy host): the newer log says FATAL, the loop its story', async () => {
    // `supervisorctl status` answered BACKOFF; by the time `maintail` was read, supervisord had given up. Read as the
    // status said, the give-up ended the count: no loop and no give-up, and the daemon said "the gateway is back"
    // four seconds before it said supervisord gave up (test:supervisors' under-supervisord-loop, once).
    const main = [
      ...loop(0, 3),
      `${stamp(7)} INFO gave up: hermes entered FATAL state, too many start retries too quickly`,
    ];
    const ev = await look(
      'hermes                           BACKOFF   Exited too quickly (process log may have details)',
      main,
      8,
    );
    expect(ev.gaveUp?.line).toBe('gave up: hermes entered FATAL state, too many start retries too quickly');
    expect(ev.deaths?.count).toBe(3);
    expect(ev).toMatchObject({ active: false, restarting: false });
    // Its status a life earlier still (STARTING, the last retry under way): the same give-up.
    const starting = await look('hermes                           STARTING', main, 8);
    expect(starting.gaveUp?.line).toBe(ev.gaveUp?.line);
    expect(starting.deaths?.count).toBe(3);
    // A start after the give-up (the operator's, /fix's): the newer life, no give-up, as before.
    const again = await look(
      'hermes                           STARTING',
      [...main, `${stamp(20)} INFO spawned: 'hermes' with pid 400`],
      21,
    );
    expect(again.gaveUp).toBeUndefined();
    expect(again.restarting).toBe(true);
  });

  it('its main log unanswered (a busy host): no count, and no loop said over for it', async () => {
    const ev = await look('hermes                           RUNNING   pid 300, uptime 0:00:05', loop(0, 8), 20, true);
    expect(ev).toMatchObject({ active: true, deathsUnknown: true });
    expect(ev.deaths).toBeUndefined();
    expect(unjudgedChecks({ service: ev } as Evidence).has('respawn_storm')).toBe(true);
  });

  it('a stop asked for ends the count too', async () => {
    const main = [
      ...loop(0, 3),
      `${stamp(10)} INFO waiting for hermes to die`,
      `${stamp(10)} WARN stopped: hermes (terminated by SIGTERM)`,
      ...loop(20, 1),
    ];
    const ev = await look('hermes                           STARTING', main, 23);
    expect(ev.deaths).toMatchObject({ count: 1, firstAt: T0 + 21_000 });
  });
});

describe("pm2's loop, and what ends it", () => {
  const iso = (s: number) => stamp(s).replace(' ', 'T').replace(/,\d+$/, '');
  const app = (s: number, what: string) => `${iso(s)}: PM2 log: App [hermes:0] ${what}`;
  const crashes = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => [
      app(from + i, 'starting in -fork mode-'),
      app(from + i, 'online'),
      app(from + i, 'exited with code [1] via signal [SIGINT]'),
    ]).flat();
  const stateAt = (lines: string[], atS: number) =>
    pm2State(pm2Events(lines, 'hermes'), { now: T0 + atS * 1000, daemon: true, running: false });
  const gaveUp = `${iso(16)}: PM2 log: Script /usr/bin/bash had too many unstable restarts (15). Stopped. "errored"`;

  it('errored, then restarted by hand: the life after it has no deaths of the loop before it', () => {
    const lines = [...crashes(0, 16), gaveUp, app(30, 'starting in -fork mode-'), app(30, 'online')];
    expect(stateAt(lines, 35)).toMatchObject({ state: 'online', active: true });
    expect(stateAt(lines, 35).deaths).toBeUndefined();
    // Still errored: the loop is the give-up's story.
    expect(stateAt([...crashes(0, 16), gaveUp], 20).deaths?.count).toBe(16);
  });

  it('a stop asked for ends the count: a loop after the start is dated from its own first death', () => {
    const lines = [
      ...crashes(0, 3),
      `${iso(10)}: PM2 log: Stopping app:hermes id:0`,
      app(10, 'exited with code [0] via signal [SIGINT]'),
      ...crashes(20, 2),
    ];
    expect(stateAt(lines, 23).deaths).toMatchObject({ count: 2, firstAt: T0 + 20_000 });
  });
});

describe("s6's and runit's count unanswered (a busy host): no loop said over for it", () => {
  /** `adapter`'s look at a service folder whose tools answer as the `bin` scripts given say. */
  async function look(kind: 's6' | 'runit', bin: Record<string, string>) {
    const dir = await tempDir(`gw-${kind}-unanswered-`);
    const svc = path.join(dir, 'service', 'hermes');
    await writeExecutable(path.join(svc, 'run'), '#!/bin/sh\nexec hermes gateway run\n');
    for (const [name, text] of Object.entries(bin)) await writeExecutable(path.join(dir, 'bin', name), text);
    const host = hostOf({ env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin` } });
    const target = makeTarget(path.join(dir, 'home'), { service: { manager: kind, program: svc, scope: 'user' } });
    const ev = await adapterOf(kind).probe(target, { manager: kind, name: svc, from: 'config' }, host, {
      now: Date.now(),
    });
    expect(ev.deathsUnknown, JSON.stringify(ev)).toBe(true);
    expect(unjudgedChecks({ service: ev } as Evidence).has('respawn_storm')).toBe(true);
    return ev;
  }

  it('`s6-svstat` refused', async () => {
    const ev = await look('s6', {
      's6-svstat':
        '#!/bin/sh\necho "s6-svstat: fatal: unable to read status for $1: Permission denied" >&2\nexit 111\n',
    });
    expect(ev.error).toMatch(/s6-svstat/);
  });

  it('young, and its tally (`s6-svdt`) refused', async () => {
    await look('s6', {
      's6-svstat': '#!/bin/sh\necho "up (pid 4242) 5 seconds, normally up"\n',
      's6-svdt':
        '#!/bin/sh\necho "s6-svdt: fatal: unable to read death tally for $1: Permission denied" >&2\nexit 111\n',
    });
  });

  it('`sv status` refused', async () => {
    const ev = await look('runit', {
      sv: '#!/bin/sh\necho "warning: $2: unable to open supervise/ok: access denied"\nexit 1\n',
    });
    expect(ev.error).toMatch(/sv status/);
  });
});
