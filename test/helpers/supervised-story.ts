// One story a supervisor, through the built daemon (`gatewatch run`, its console) and the CLI, on the wall clock, with
// `service.manager: auto` as a newcomer writes it: the demo gateway under the real pm2, supervisord or runit
// (test/helpers/supervised.ts). A stop asked of the supervisor is quiet and its start brings the gateway back; a
// gateway that dies at every start is found as a crash loop within a minute, quoting its error; where the supervisor
// gives up (pm2, supervisord), that is critical, with the supervisor's own start as the lever, which `/fix` pulls once
// the cause is fixed. What the console says is read in order.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLogLine } from '../../src/probes/log-parse.js';
import { available, supervised, type Supervised, type SupervisorKind } from './supervised.js';
import { until } from './until.js';
import { canMakeUsers, ownUser } from './own-user.js';
import { watchedDaemon } from './watched-daemon.js';

const ERROR = "ModuleNotFoundError: No module named 'lark_oapi'";

/** How each supervisor is told to stop it, start it, and what its lever and give-up are called in the alert. */
const STORY: Record<SupervisorKind, { start: RegExp; gaveUp?: RegExp; options: Parameters<typeof supervised>[1] }> = {
  pm2: {
    // pm2's home is the test's own folder: the command names it, as it must for a home that is not ~/.pm2.
    start: /`PM2_HOME=\S+ pm2 start hermes`/,
    gaveUp: /🔴 hermes: pm2 gave up on the gateway/,
    // A restart delay, as operators set one: the loop lasts long enough to be seen before pm2 gives up.
    options: { pm2Ecosystem: { restart_delay: 3000, min_uptime: 5000, max_restarts: 10 } },
  },
  supervisord: {
    start: /`supervisorctl -s unix:\/\/\S+ start hermes`/,
    gaveUp: /🔴 hermes: supervisord gave up on the gateway/,
    options: { supervisordOptions: ['startsecs=3', 'startretries=7'] },
  },
  runit: { start: /`sv up \S+hermes`/, options: {} },
  s6: { start: /`s6-svc -u \S+hermes`/, options: {} },
};

/** The supervisor as an alert names it. */
const SUPERVISOR_WORD: Record<SupervisorKind, string> = {
  pm2: 'pm2',
  supervisord: 'supervisord',
  runit: 'runit',
  s6: 's6',
};

/** The gateway's pid, once the daemon has seen it alive: its death is then one the daemon watched. */
async function watchedPid(s: Supervised, w: { cli(args: string[]): Promise<{ stdout: string }> }): Promise<number> {
  const file = path.join(s.home, 'gateway.pid');
  const pid = await until('its pid file', async () => JSON.parse(await readFile(file, 'utf8')).pid as number, {
    timeoutMs: 30_000,
  });
  await until('the daemon sees it run', async () => (await w.cli(['status', 'hermes'])).stdout.includes(`${pid}`), {
    timeoutMs: 30_000,
  });
  return pid;
}

/** The parts of a story: a stop and its start, a kill the supervisor repairs, a crash loop and its end. */
export type StoryPart = 'stops' | 'repair' | 'loop' | 'restarts';

/**
 * `parts`: the ones this file plays (a file a part runs beside the others). `ownUser`: the gateway runs as a user of its
 * own, no home named and no HOME (runit's `chpst -u`, s6's `s6-setuidgid`, supervisord's `user=`), watched by a daemon
 * run as root with its own HOME.
 */
export function supervisedStory(
  kind: SupervisorKind,
  parts: readonly StoryPart[] = ['stops', 'repair', 'loop'],
  o: { ownUser?: boolean } = {},
): void {
  const cleanups: (() => Promise<unknown>)[] = [];
  /** The demo gateway under the supervisor; as a user of its own, removed after its supervisor (cleanups run last first). */
  const start = async (options: Parameters<typeof supervised>[1]): Promise<Supervised> => {
    if (!o.ownUser) return supervised(kind, options);
    const made = await ownUser();
    cleanups.push(() => made.remove());
    return supervised(kind, { ...options, ...made.options });
  };
  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  });

  // The supervisor's CLI on the daemon's PATH, as where it is installed for the operator.
  const watched = (s: Supervised) =>
    watchedDaemon(s.home, cleanups, { ...s.env, PATH: `${s.bin ? `${s.bin}:` : ''}${process.env.PATH}` });
  /** The gateway started under the supervisor with `options`, and the built daemon watching it; both stopped after. */
  const supervisedAndWatched = async (options: Parameters<typeof start>[0]) => {
    const s = await start(options);
    cleanups.push(() => s.stop());
    return { s, w: await watched(s) };
  };

  describe.runIf(available[kind] && (!o.ownUser || canMakeUsers))(
    `Hermes under ${kind}${o.ownUser ? ', as a user of its own with no HOME' : ''}, watched by the built daemon`,
    () => {
      if (parts.includes('stops'))
        // Nine waits for states, each bounded by its own until: a loaded box may take minutes over them.
        it('a stop asked of the supervisor is quiet; a failed start after it is said; `/restart` pulls the lever', {
          timeout: 420_000,
        }, async () => {
          const { s, w } = await supervisedAndWatched(STORY[kind].options);
          await until('healthy', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 60_000 });
          expect((await s.ctl('stop')).code).toBe(0);
          // The daemon sees it down, in the supervisor's words, as the operator's stop.
          const status = await until(
            "the daemon says the operator's stop",
            async () => {
              const r = await w.cli(['status', 'hermes']);
              return /stopped by the operator|operator stopped/i.test(r.stdout) ? r.stdout : undefined;
            },
            { timeoutMs: 60_000, everyMs: 1_000 },
          );
          expect(status).toMatch(new RegExp(kind));
          const check = await w.cli(['check']);
          expect(check.code, check.stdout).toBe(0);
          expect(w.out()).not.toMatch(/🔴/u);
          // `/restart` pulls the supervisor's own lever: its start, as the operator would type it.
          const restarted = await w.cli(['restart', 'hermes', '--yes']);
          expect(restarted.code, restarted.stdout + restarted.stderr).toBe(0);
          await until('healthy again', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 60_000 });
          expect(w.out()).not.toMatch(/🔴/u);
          // gatewatch's own start said its result: no word of a start besides it.
          expect(w.out()).not.toMatch(/the gateway runs again/);
          // Stopped, then started through the supervisor, not gatewatch (a reboot's, a deploy's, another operator's):
          // said once, naming it.
          await s.ctl('stop');
          await until(
            'stopped once more',
            async () => /stopped by the operator/.test((await w.cli(['status', 'hermes'])).stdout),
            { timeoutMs: 60_000, everyMs: 1_000 },
          );
          await s.ctl('start');
          const runs = new RegExp(`hermes: the gateway runs again: ${SUPERVISOR_WORD[kind]} started it again`);
          await until('the start said', () => runs.test(w.out()), { timeoutMs: 60_000, everyMs: 250 }).catch(
            (e: Error) => {
              throw new Error(`${e.message}\n--- the daemon's console:\n${w.out().slice(-3000)}`);
            },
          );
          await until('healthy again', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 60_000 });
          expect(w.out().match(new RegExp(runs, 'g'))).toHaveLength(1);
          // The latest word wins: stopped again, the operator's own start dies until the supervisor gives up (or, under
          // runit and s6, loops): said as such, never as the stop before it.
          await s.ctl('stop');
          await until(
            'stopped again',
            async () => /stopped by the operator/.test((await w.cli(['status', 'hermes'])).stdout),
            {
              timeoutMs: 60_000,
              everyMs: 1_000,
            },
          );
          await s.breakStart(ERROR);
          // supervisorctl waits for `startsecs` and says `ERROR (spawn error)`, exit 7: the start the operator typed failed.
          await s.ctl('start');
          const failed = STORY[kind].gaveUp ?? /🔴 hermes: Gateway is crash-looping/;
          await until('the failed start said', () => failed.test(w.out()), { timeoutMs: 120_000, everyMs: 250 });
          // The give-up quotes the error pm2 or supervisord kept; a loop's first alert may come before runit's or s6's
          // logger has written the first life's error (a loaded box), and then names the file it will be in.
          const said = w.out().slice(w.out().search(failed));
          if (STORY[kind].gaveUp) expect(said).toContain(ERROR);
          else expect(said.includes(ERROR) || /Why it dies is in `\S+current`/.test(said), said).toBe(true);
          await s.heal();
          // Where the supervisor gave up, its own start is the lever; runit and s6 bring it back by themselves.
          if (STORY[kind].gaveUp) expect((await w.cli(['restart', 'hermes', '--yes'])).code).toBe(0);
          await until('healthy at last', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 90_000 });
        });

      if (parts.includes('repair'))
        // Its four waits take up to a minute each on a loaded box (CI's once ran past 180 s): the bound is theirs.
        it('a kill the supervisor repairs: said before the new life has started, naming it; told once', {
          timeout: 300_000,
        }, async () => {
          // As v0.20.2: its next life reports the death before it (its sentinel, its `Previous gateway life` line).
          const { s, w } = await supervisedAndWatched({ hermes: 'v0.20' });
          await until('healthy', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 60_000 });
          const dead = await watchedPid(s, w);
          const pidFile = path.join(s.home, 'gateway.pid');
          // The next life stays where Python imports it: whatever is said now is gatewatch's own sight, not the new
          // life's report of the death before it.
          await s.holdStart();
          const killedAt = Date.now();
          process.kill(dead, 'SIGKILL');
          const said = new RegExp(
            `🟠 hermes: Gateway \\(pid ${dead}\\) died .*${SUPERVISOR_WORD[kind]} started it again`,
            'u',
          );
          await until('the death said, naming the supervisor', () => said.test(w.out()), {
            timeoutMs: 60_000,
            everyMs: 100,
          });
          const saidAt = Date.now();
          expect(JSON.parse(await readFile(pidFile, 'utf8')).pid).toBe(dead);
          expect(w.out()).not.toMatch(/🔴/u);
          // One story on the card: the supervisor restarts it, not gatewatch; no "a restart does not fix this" beside it.
          const card = w.out().slice(w.out().search(said));
          expect(card).toMatch(/auto-restart +no: its supervisor has started it again/);
          expect(card).not.toMatch(/a restart does not fix/);
          // Dated at the kill, by the wall clock (its `since`, to the second), not at the next life: that one is held at
          // its import until after this, so a card dated by it could only be dated after the card was read. How soon after
          // the kill gatewatch saw it is the bench's (a busy box delays the sight, not the date's source).
          const [, mo, d, h, mi, sec] = /since +(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/.exec(card)!.map(Number);
          const since = new Date(new Date(killedAt).getFullYear(), mo! - 1, d, h, mi, sec).getTime();
          expect(since).toBeGreaterThanOrEqual(Math.floor(killedAt / 1000) * 1000);
          expect(since).toBeLessThanOrEqual(saidAt);
          await s.release();
          await until('healthy again', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 60_000 });
          // Back, and who brought it back; the death told once, never restarted on top of the supervisor's start.
          await until(
            'the return said',
            () => new RegExp(`hermes: the gateway is back: ${SUPERVISOR_WORD[kind]} started it again`).test(w.out()),
            {
              timeoutMs: 60_000,
              everyMs: 250,
            },
          );
          expect(w.out().match(/^🟠 hermes: Gateway\b.*\bdied\b/gmu)).toHaveLength(1);
          expect(w.out()).not.toMatch(/Restarting hermes|Restarted hermes|🔴/u);
        });

      if (parts.includes('restarts'))
        it('three restarts through the supervisor within two minutes: no crash loop said, and healthy after', {
          timeout: 300_000,
        }, async () => {
          const { s, w } = await supervisedAndWatched(STORY[kind].options);
          const log = path.join(s.home, 'logs', 'gateway.log');
          // The life the log began last has run a few seconds (its signal handler in place, as a real Hermes's is
          // seconds into a life), on the wall clock its own lines are stamped on.
          const settled = async () => {
            const text = await readFile(log, 'utf8').catch(() => '');
            const at = text.lastIndexOf('gateway.run: Press Ctrl+C to stop');
            const line = text.slice(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at));
            const stamp = at < 0 ? undefined : parseLogLine(line)?.ts;
            return stamp !== undefined && Date.now() - stamp >= 3_000;
          };
          await until('healthy, up a while', async () => (await w.cli(['check'])).code === 0 && (await settled()), {
            timeoutMs: 60_000,
            everyMs: 500,
          });
          for (let i = 0; i < 3; i++) {
            const before = await watchedPid(s, w);
            expect((await s.ctl('restart')).code).toBe(0);
            await until(
              'the next life up a while',
              async () => (await watchedPid(s, w).catch(() => before)) !== before && (await settled()),
              { timeoutMs: 60_000, everyMs: 500 },
            );
          }
          await until('healthy after them', async () => (await w.cli(['check'])).code === 0, {
            timeoutMs: 60_000,
            everyMs: 500,
          });
          expect(w.out()).not.toMatch(/crash-looping|🔴/u);
        });

      if (parts.includes('loop'))
        it('a kill, then a gateway that dies at every start: a crash loop within a minute, the give-up with its lever, and the kill never told again', {
          timeout: 300_000,
        }, async () => {
          // As v0.20.2: the life after the loop reports the death that began it (its sentinel still the killed life's).
          const { s, w } = await supervisedAndWatched({ ...STORY[kind].options, hermes: 'v0.20' });
          await until('healthy', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 60_000 });
          const dead = await watchedPid(s, w);
          await s.breakStart(ERROR);
          const broke = Date.now();
          process.kill(dead, 'SIGKILL');
          await until('the crash loop said', () => /🔴 hermes: Gateway is crash-looping/.test(w.out()), {
            timeoutMs: 90_000,
            everyMs: 250,
          });
          expect(Date.now() - broke).toBeLessThan(60_000);
          expect(w.out()).toContain(ERROR);
          // Nothing started on top of the supervisor's own respawn.
          expect(w.out()).not.toMatch(/Restarting hermes|Restarted hermes/);
          if (STORY[kind].gaveUp) {
            await until('the give-up said', () => STORY[kind].gaveUp!.test(w.out()), {
              timeoutMs: 120_000,
              everyMs: 250,
            });
            const alert = w.out().slice(w.out().search(STORY[kind].gaveUp));
            expect(alert).toContain(ERROR);
            expect(alert).toMatch(STORY[kind].start);
            const check = await w.cli(['check', '--json']);
            expect(check.code).toBe(2);
            expect(JSON.parse(check.stdout).findings.map((f: { check: string }) => f.check)).toContain(
              'supervisor_gave_up',
            );
          }
          // Fixed: `/fix` (or, under runit, the supervisor by itself) brings it back.
          const healed = w.out().length;
          await s.heal();
          if (STORY[kind].gaveUp) {
            const fix = await w.cli(['fix', 'hermes', '1', '--yes']);
            expect(fix.code, fix.stdout + fix.stderr).toBe(0);
          }
          await until('healthy again', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 90_000 });
          // Back, said once it is, with who brought it back; never before, while it looped.
          await until('the return said', () => /hermes: the gateway is back: /.test(w.out().slice(healed)), {
            timeoutMs: 60_000,
            everyMs: 250,
          });
          expect(w.out().slice(0, healed)).not.toMatch(/the gateway is back/);
          // The loop ended with the give-up: not still open beside "back". (Under runit and s6, which never give up, the
          // loop ends once the healed life has outlived it, which may come after "back".)
          if (STORY[kind].gaveUp) expect(w.out().slice(healed)).not.toMatch(/Still open: .*crash-looping/);
          if (!STORY[kind].gaveUp)
            expect(w.out().slice(healed)).toMatch(`the gateway is back: ${SUPERVISOR_WORD[kind]} started it again`);
          // The kill that began the loop was told with the loop: the healed life's report of it is not a new death.
          await until('all closed', async () => /No open incidents/.test((await w.cli(['status', 'hermes'])).stdout), {
            timeoutMs: 60_000,
            everyMs: 500,
          });
          expect(w.out()).not.toMatch(/Gateway died .* ago and was restarted/);
        });
    },
  );
}
