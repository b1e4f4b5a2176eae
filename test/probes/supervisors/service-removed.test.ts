// runit's way to disable a service: its link taken out of the folder runsvdir watches (`rm /var/service/hermes`);
// runsvdir ends its runsv, which stops the gateway with a SIGTERM. s6's: the folder moved out of the scan folder and
// `s6-svscanctl -an`, after which s6-svscan ends its s6-supervise, which brings the gateway down. On main the gateway's
// own last words (`parent_name=runsv`, `s6-supervise`) found no folder, so no supervisor: "stopped by SIGTERM but the
// state file still says running", critical, "No service manager runs it … start it by hand". Under the real runsvdir
// and s6-svscan, through the built CLI. supervisord's: the program's section taken out of its files (its own file,
// Debian's conf.d) and `supervisorctl update`, which stops it first ("hermes: stopped", "removed process group").
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gatewatch } from '../../helpers/cli-run.js';
import { available, supervised, type Supervised, watchConfig } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';

const live: Supervised[] = [];
afterEach(async () => {
  for (const s of live.splice(0)) await s.stop();
});

/** supervisord's own way: the program's section taken out of its files, then `supervisorctl update`. */
const update = (s: Supervised) =>
  spawnSync('supervisorctl', ['-c', path.join(path.dirname(s.home), 'supervisord.conf'), 'update'], {
    stdio: 'ignore',
    timeout: 20_000,
  });

/** Each supervisor's own way back for a service taken out (its adapter's words). */
const PUT_BACK = { runit: 'ln -s <its service folder>', s6: 's6-svscanctl -a', supervisord: 'update' } as const;

const WAYS = [
  ['runit', {}, (s: Supervised) => rm(s.program)],
  [
    'supervisord',
    {},
    async (s: Supervised) => {
      const conf = path.join(path.dirname(s.home), 'supervisord.conf');
      const text = await readFile(conf, 'utf8');
      await writeFile(conf, text.slice(0, text.indexOf('[program:hermes]')));
      update(s);
    },
  ],
  [
    'supervisord',
    { debian: true },
    async (s: Supervised) => {
      await rm(path.join(path.dirname(s.home), 'conf.d', 'hermes.conf'));
      update(s);
    },
  ],
  [
    's6',
    {},
    async (s: Supervised) => {
      await rename(s.program, path.join(path.dirname(s.home), 'hermes-out'));
      spawnSync('s6-svscanctl', ['-an', path.dirname(s.program)], { stdio: 'ignore', timeout: 20_000 });
    },
  ],
] as const;

describe.each(WAYS)('a %s service (%o) taken out of what its supervisor reads', (kind, options, takeOut) => {
  it.runIf(available[kind])(
    'is the operator’s stop, dated by the gateway’s last words',
    // Each step waits for its state (a supervisor started, each `check` a process of its own): a loaded run is slow.
    {
      timeout: 300_000,
    },
    async () => {
      const s = await supervised(kind, { ...options, untraced: true, service: `hermes-${kind}-${process.pid}` });
      live.push(s);
      const config = await watchConfig(s);
      await until('healthy', async () => (await findings(config)).length === 0, { timeoutMs: 60_000 });
      await takeOut(s);
      const status = await stopSaid(config);
      expect(status).toMatch(new RegExp(`service\\s+${kind}\\b[^\\n]*hermes[^\\n]*: removed`));
      // What brings it back is putting it back: gatewatch's restart has no service to restart.
      expect(status).toContain(PUT_BACK[kind]);
      expect(status).not.toContain('gatewatch restart');
      expect(await findings(config)).toEqual([]);
    },
  );
});

// Where the host keeps the service's folder still, as Debian's and Void's runit do (/etc/sv/<name>, which the link in
// runsvdir's folder led to), the way back names it: that folder linked in again. On 9939515b it said
// `<its service folder>`. As root only: /etc/sv is the host's.
const SV_KEPT = available.runit && process.getuid?.() === 0 && existsSync('/etc/sv');

describe.each(['export', 'envdir'] as const)(
  'a runit service (%s) taken out, its folder kept in /etc/sv',
  (runStyle) => {
    it.runIf(SV_KEPT)('is told back by linking that folder in again', { timeout: 300_000 }, async () => {
      const s = await supervised('runit', { untraced: true, runStyle, service: `hermes-kept-${process.pid}` });
      live.push(s);
      const kept = path.join('/etc/sv', path.basename(s.program));
      await symlink(await realpath(s.program), kept);
      try {
        const config = await watchConfig(s);
        await until('healthy', async () => (await findings(config)).length === 0, { timeoutMs: 60_000 });
        await rm(s.program);
        const status = await stopSaid(config);
        expect(status).toContain(`\`ln -s ${kept} ${s.program}\``);
        expect(status).not.toContain('gatewatch restart');
        expect(status).not.toContain('sv up');
      } finally {
        await rm(kept, { force: true });
      }
    });
  },
);

// Kept down at boot (a `down` file in its folder): the runsv that the link brings back leaves the gateway down, and
// `sv up` before runsvdir's next scan fails. The way back says both steps, and followed as said, the gateway is back.
// On 9e3ac7c0 it said the link alone, which left it down.
describe('a runit service kept down at boot, taken out', () => {
  it.runIf(SV_KEPT)(
    'is told back by the link, then `sv up`, and is back when so told',
    { timeout: 300_000 },
    async () => {
      const s = await supervised('runit', {
        untraced: true,
        runStyle: 'envdir',
        service: `hermes-down-${process.pid}`,
      });
      live.push(s);
      const folder = await realpath(s.program);
      const kept = path.join('/etc/sv', path.basename(s.program));
      await symlink(folder, kept);
      try {
        const config = await watchConfig(s);
        await until('healthy', async () => (await findings(config)).length === 0, { timeoutMs: 60_000 });
        await writeFile(path.join(folder, 'down'), '');
        await rm(s.program);
        const status = await stopSaid(config);
        expect(status).toContain(
          `\`ln -s ${kept} ${s.program}\`, then \`sv up ${s.program}\` once runit has picked it up`,
        );
        await symlink(kept, s.program);
        const sv = (verb: string) => spawnSync('sv', [verb, s.program], { encoding: 'utf8', timeout: 20_000 });
        await until('runit has it', async () => sv('status').status === 0, { timeoutMs: 60_000 });
        expect(sv('status').stdout).toMatch(/^down: /);
        expect(sv('up').status).toBe(0);
        await until('running again', async () => /^run: /.test(sv('status').stdout), { timeoutMs: 60_000 });
        await until(
          'watched running again',
          async () =>
            !/stopped by the operator/.test((await gatewatch(['status', '--config', config], { spawn: true })).stdout),
          { timeoutMs: 60_000 },
        );
        expect(await findings(config)).toEqual([]);
      } finally {
        await rm(kept, { force: true });
      }
    },
  );
});

// The moment between: the scanner has not yet looked again (runsvdir does every five seconds at most, s6-svscan when
// told), so the service's supervisor still runs with the gateway down. Held here by the scanner stopped; the
// supervisor's own down on the folder ends the gateway as the supervisor would. The newest evidence, the service gone
// from the scanner's folder, is the one said; on 1b3b757b runit's said the folder's `down: 0s, normally up`.
const HELD = [
  [
    'runit',
    'runsvdir',
    async (s: Supervised) => {
      const folder = await realpath(s.program);
      await rm(s.program);
      spawnSync('sv', ['down', folder], { stdio: 'ignore', timeout: 20_000 });
    },
  ],
  [
    's6',
    's6-svscan',
    async (s: Supervised) => {
      const out = path.join(path.dirname(s.home), 'hermes-out');
      await rename(s.program, out);
      spawnSync('s6-svc', ['-d', out], { stdio: 'ignore', timeout: 20_000 });
    },
  ],
] as const;

// Each as operators write `run`: the home exported in the script, or in the env folder the tool reads.
const HELD_STYLES = HELD.flatMap(([kind, scanner, takeOut]) =>
  (['export', 'envdir'] as const).map((style) => [kind, style, scanner, takeOut] as const),
);

describe.each(HELD_STYLES)(
  'a %s service (%s) taken out while its supervisor still runs',
  (kind, runStyle, scanner, takeOut) => {
    it.runIf(available[kind])('is said removed, its supervisor about to end', { timeout: 300_000 }, async () => {
      const s = await supervised(kind, { untraced: true, runStyle, service: `hermes-held-${process.pid}` });
      live.push(s);
      const config = await watchConfig(s);
      await until('healthy', async () => (await findings(config)).length === 0, { timeoutMs: 60_000 });
      const pid = await scannerOf(scanner, path.dirname(s.program));
      process.kill(pid, 'SIGSTOP');
      try {
        await takeOut(s);
        const status = await stopSaid(config);
        expect(status).toMatch(new RegExp(`service\\s+${kind}\\b[^\\n]*hermes-held[^\\n]*: removed`));
        expect(status).toContain(PUT_BACK[kind]);
        expect(status).not.toContain('gatewatch restart');
        expect(await readFile(`/proc/${pid}/stat`, 'utf8')).toMatch(/\) T /);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
    });
  },
);

/** What `check` finds of `config`, gatewatch's notes on the supervisor's settings left out. */
async function findings(config: string): Promise<{ check: string; severity: string }[]> {
  const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
  return (JSON.parse(r.stdout).findings as { check: string; severity: string }[]).filter(
    (f) => f.check !== 'supervisor_risk',
  );
}

/** `status` of `config`, once it says the operator's stop (each a process of its own: a loaded run is slow). */
const stopSaid = (config: string) =>
  until(
    'the stop said',
    async () => {
      const r = await gatewatch(['status', '--config', config], { spawn: true });
      return /stopped by the operator at /.test(r.stdout) ? r.stdout : undefined;
    },
    { timeoutMs: 60_000 },
  );

/** The scanner `name` that watches `dir`, by its command line. */
async function scannerOf(name: string, dir: string): Promise<number> {
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (path.basename(argv[0] ?? '') === name && argv.includes(dir)) return Number(pid);
  }
  throw new Error(`no ${name} watches ${dir}`);
}
