// Hostile files where the gateway's files should be: a FIFO (a plain open() blocks forever), a symlink to /dev/zero
// (a plain readFile() never ends), a huge file, garbage. Each must give a clear reason, fast, and leave the rest of
// the watch working. Real FIFOs (mkfifo), real symlinks, real child processes.
import { execFile } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import { mkdir, rename, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { runDetectors } from '../../src/detectors/index.js';
import { hermesFeishuAppIds } from '../../src/chats/feishu/same-app.js';
import { findHermesTokenClash } from '../../src/chats/telegram/same-token.js';
import { readSlowToolCalls } from '../../src/probes/agent-log.js';
import { gatherDoctorEvidence } from '../../src/probes/doctor.js';
import { readLogHistory } from '../../src/probes/log-history.js';
import { createLogTail } from '../../src/probes/log-tail.js';
import { probeProcess, readPidFile } from '../../src/probes/process.js';
import { readGatewayState } from '../../src/probes/state-file.js';
import { readCapped } from '../../src/util/read-capped.js';
import { gatherCurrentHermes } from '../../src/probes/hermes-current.js';
import { probeUpdate } from '../../src/probes/update-marker.js';
import { resolveSocketPath } from '../../src/probes/control-socket.js';
import { createTargetWatch } from '../../src/watch/target.js';
import { readCron } from '../../src/probes/cron.js';
import { cleanup, makeTarget, spawnIdle, startTicksOf, tempDir } from '../helpers/probe-procs.js';
import '../../src/platforms/index.js';
import { systemClock } from '../../src/util/clock.js';
import { tilde } from '../../src/detectors/person-words.js';

const linux = process.platform === 'linux';
const fifos: string[] = [];

async function mkfifo(file: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await promisify(execFile)('mkfifo', [file]);
  fifos.push(file);
  return file;
}

afterEach(async () => {
  // A reader stuck in open() (the bug) is released by a writer opening the FIFO; then the test process can exit.
  for (const f of fifos.splice(0)) {
    try {
      closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      /* no reader waiting */
    }
  }
  await cleanup();
});

const SETTINGS = {
  disconnectGraceMs: 90_000,
  storm: { disconnects: 5, withinMs: 600_000 },
  zombieAfterMs: 3_600_000,
  locale: 'en' as const,
};
const STATE = '{"pid":1,"gateway_state":"running","platforms":{"feishu":{"state":"connected"}}}';
const LOG = readFileSync(new URL('../fixtures/logs/healthy.log', import.meta.url), 'utf8');

describe.runIf(linux)('a FIFO at a watched path', () => {
  it('the log history refuses it at once instead of blocking in open()', async () => {
    const file = await mkfifo(path.join(await tempDir(), 'logs', 'gateway.log'));
    const h = await readLogHistory(file);
    expect(h.error).toBe(`${file} is not a regular file (a FIFO)`);
    expect(h.run).toEqual([]);
  });

  it('the tailer reports it and keeps polling without blocking', async () => {
    const file = await mkfifo(path.join(await tempDir(), 'gateway.log'));
    const errors: string[] = [];
    const tail = createLogTail({
      clock: systemClock,
      file,
      watch: false,
      startAt: 'start',
      onLines: () => {},
      onError: (e) => errors.push(e.message),
    });
    await tail.readNow();
    await tail.readNow();
    expect(tail.error()).toBe(`${file} is not a regular file (a FIFO)`);
    expect(errors).toEqual([`${file} is not a regular file (a FIFO)`]); // once, not on every pass
    await tail.stop();
  });

  it('agent.log, gateway_state.json, gateway.pid and doctor files are refused, not waited on', async () => {
    const home = await tempDir();
    const target = makeTarget(home);
    await mkfifo(target.agent_log_file);
    await mkfifo(target.state_file);
    await mkfifo(target.pid_file);
    await mkfifo(path.join(home, '.env'));
    await expect(readSlowToolCalls(target.agent_log_file)).rejects.toMatchObject({ code: 'ENOTREG' });
    expect(await readGatewayState(target.state_file, { clock: systemClock })).toEqual({
      state: null,
      error: `${target.state_file} is not a regular file (a FIFO)`,
    });
    expect(await readPidFile(target.pid_file)).toEqual({
      record: null,
      error: `${target.pid_file} is not a regular file (a FIFO)`,
    });
    const p = await probeProcess(target);
    expect(p).toMatchObject({
      alive: false,
      reason: 'no pid file',
      pidFileError: expect.stringContaining('not a regular file'),
    });
    const doc = await gatherDoctorEvidence(target, { manager: 'none' }, { homedir: home });
    expect(doc.proxies).toEqual([]);
    // The Feishu channel's same-app check reads Hermes' .env and config.yaml before it starts.
    await mkfifo(path.join(home, 'config.yaml'));
    expect(await hermesFeishuAppIds([target])).toEqual([]);
    // So does the Telegram channel's same-token check (it read the .env with a plain readFile).
    expect(await findHermesTokenClash('123:abc', [target])).toBeUndefined();
  });

  it("current Hermes' starts log, update marker and socket pointer are refused, not waited on", async () => {
    const home = await tempDir();
    const target = makeTarget(home);
    await mkfifo(path.join(home, 'gateway-starts.log'));
    await mkfifo(path.join(home, '.hermes-update-in-progress'));
    await mkfifo(path.join(home, 'gateway.sock.path'));
    expect(await resolveSocketPath(home)).toBeUndefined();
    const update = await probeUpdate(home, Date.now());
    expect(JSON.stringify(update)).toMatch(/cannot read \.hermes-update-in-progress \(ENOTREG\)/);
    const ev = await gatherCurrentHermes(
      target,
      {
        process: { alive: false, reason: 'no pid file' } as never,
        state: null,
        now: Date.now(),
      },
      systemClock,
    );
    expect(ev.hermes).toBeDefined();
  });

  it('a watch with a FIFO log still judges the process and the state file, and says the log cannot be read', async () => {
    const home = await tempDir();
    const target = makeTarget(home);
    await mkfifo(target.log_file);
    await writeFile(target.state_file, STATE);
    const child = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await writeFile(
      target.pid_file,
      JSON.stringify({
        pid: child.pid,
        kind: 'hermes-gateway',
        argv: ['gateway', 'run'],
        start_time: await startTicksOf(child.pid!),
      }),
    );
    const config = resolveConfig(
      configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
      undefined,
    );
    const watch = createTargetWatch({
      clock: systemClock,
      config,
      target: config.targets[0]!,
      log: pino({ level: 'silent' }),
    });
    try {
      await watch.start(() => {});
      const ev = await watch.gather();
      expect(ev.process.alive).toBe(true);
      expect(ev.state?.platforms.feishu?.state).toBe('connected');
      expect(ev.log.error).toContain('is not a regular file (a FIFO)');
      const found = runDetectors(ev, SETTINGS);
      expect(found.map((f) => [f.check, f.severity])).toEqual([['evidence_unreadable', 'warning']]);
      // The home said as a person pastes it (issue 80 item 5).
      expect(found[0]!.evidence).toEqual([
        `cannot read the log: ${tilde(home)}/logs/gateway.log is not a regular file (a FIFO)`,
      ]);
      expect(found[0]!.restart).toBe('never');
    } finally {
      await watch.stop();
    }
  });
});

describe.runIf(linux)('a FIFO where the cron ticker writes', () => {
  it('is read as no heartbeat, at once, and the other file still counts', async () => {
    const home = await tempDir();
    await mkfifo(path.join(home, 'cron', 'ticker_heartbeat'));
    await writeFile(path.join(home, 'cron', 'ticker_last_success'), '1764237600.5\n');
    // A plain open() of the FIFO waits for a writer: the read never ends, past the test's time (afterEach releases it).
    expect(await readCron(home)).toEqual({ lastSuccessAt: 1764237600500 });
  });
});

describe.runIf(linux)('a log that turns hostile while watched, then recovers', () => {
  it('reports the FIFO from the live tail, keeps judging the rest, and clears once a real log is back', async () => {
    const home = await tempDir();
    const target = makeTarget(home);
    await mkdir(path.dirname(target.log_file), { recursive: true });
    await writeFile(target.log_file, LOG);
    await writeFile(target.state_file, STATE);
    const child = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await writeFile(target.pid_file, String(child.pid));
    const config = resolveConfig(
      configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
      undefined,
    );
    const watch = createTargetWatch({
      clock: systemClock,
      config,
      target: config.targets[0]!,
      log: pino({ level: 'silent' }),
    });
    try {
      await watch.start(() => {});
      expect((await watch.gather()).log.error).toBeUndefined();

      // Rotated away, and a FIFO appears in its place.
      await rename(target.log_file, `${target.log_file}.1`);
      await mkfifo(target.log_file);
      const ev = await watch.gather();
      expect(ev.log.error).toBe(`${target.log_file} is not a regular file (a FIFO)`);
      expect(ev.process.alive).toBe(true);
      expect(runDetectors(ev, SETTINGS).map((f) => f.check)).toContain('evidence_unreadable');

      // A regular log again, and the gateway writes to it.
      await unlink(target.log_file);
      await writeFile(target.log_file, LOG.split('\n').slice(0, 3).join('\n') + '\n');
      const back = await watch.gather();
      expect(back.log.error).toBeUndefined();
      expect(runDetectors(back, SETTINGS).map((f) => f.check)).not.toContain('evidence_unreadable');
    } finally {
      await watch.stop();
    }
  });
});

describe.runIf(linux)('unbounded reads', () => {
  it('reads /proc files (size 0) whole up to the cap, and their head with truncate', async () => {
    const file = path.join(await tempDir(), 'big.txt');
    const text = 'x'.repeat(100_000);
    await writeFile(file, text);
    expect(await readCapped(file, 100_000)).toBe(text);
    await expect(readCapped(file, 99_999)).rejects.toMatchObject({
      code: 'EFBIG',
      message: `${file} is larger than 99999 bytes`,
    });
    const maps = readFileSync('/proc/self/maps', 'utf8');
    expect(maps.length).toBeGreaterThan(4096);
    const got = await readCapped('/proc/self/maps', 4 * 1024 * 1024);
    expect(got.split('\n')[0]).toBe(maps.split('\n')[0]);
    expect(await readCapped('/proc/self/maps', 5000, { truncate: true })).toHaveLength(5000);
  });

  it('gateway_state.json and gateway.pid symlinked to /dev/zero are refused', async () => {
    const home = await tempDir();
    const target = makeTarget(home);
    await symlink('/dev/zero', target.state_file);
    await symlink('/dev/zero', target.pid_file);
    expect(await readGatewayState(target.state_file, { clock: systemClock })).toEqual({
      state: null,
      error: `${target.state_file} is not a regular file (a character device)`,
    });
    expect((await readPidFile(target.pid_file)).error).toBe(
      `${target.pid_file} is not a regular file (a character device)`,
    );
  });

  it('a 100 MB state file and a 1 MB pid file are refused by size, without reading them whole', async () => {
    const home = await tempDir();
    const target = makeTarget(home);
    await writeFile(target.state_file, '');
    await truncate(target.state_file, 100 * 1024 * 1024); // sparse: costs no disk
    await writeFile(target.pid_file, '');
    await truncate(target.pid_file, 1024 * 1024);
    expect(await readGatewayState(target.state_file, { clock: systemClock })).toEqual({
      state: null,
      error: `${target.state_file} is larger than 1 MB`,
    });
    expect((await readPidFile(target.pid_file)).error).toBe(`${target.pid_file} is larger than 4 KB`);
  });

  it('a garbage state file next to a live gateway is a warning, not a healthy verdict', async () => {
    const home = await tempDir();
    const target = makeTarget(home);
    await mkdir(path.dirname(target.log_file), { recursive: true });
    await writeFile(target.log_file, LOG);
    await writeFile(target.state_file, '\u0000\u0000garbage{');
    const child = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await writeFile(target.pid_file, String(child.pid));
    const config = resolveConfig(
      configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
      undefined,
    );
    const watch = createTargetWatch({
      clock: systemClock,
      config,
      target: config.targets[0]!,
      log: pino({ level: 'silent' }),
    });
    const ev = await watch.gather();
    await watch.stop();
    expect(ev.process.alive).toBe(true);
    const found = runDetectors(ev, SETTINGS);
    expect(found.map((f) => f.check)).toEqual(['evidence_unreadable']);
    expect(found[0]!.evidence[0]).toMatch(/^cannot read the state file: .*gateway_state\.json: invalid JSON/);
  });
});
