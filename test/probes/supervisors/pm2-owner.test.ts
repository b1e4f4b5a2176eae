// pm2's lever on a home another user owns, run by a gatewatch that runs as root: as that user, never as root. Root's
// `pm2 resurrect` there would start pm2's God daemon as root in that user's home: the gateway would run as root, and
// the user's own pm2 would be refused the files root left (pids, logs, its socket).
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceEvidence } from '../../../src/evidence.js';
import { hostOf } from '../../../src/probes/host.js';
import { asOwner, pm2 } from '../../../src/probes/supervisors/pm2.js';
import { makeTarget } from '../../helpers/probe-procs.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A PM2 home with a saved list, owned by `uid`. */
function pm2Home(uid: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-pm2-owner-'));
  dirs.push(dir);
  const home = path.join(dir, '.pm2');
  mkdirSync(home);
  writeFileSync(path.join(home, 'dump.pm2'), '[]');
  chownSync(home, uid, uid);
  return home;
}

const down: ServiceEvidence = { manager: 'pm2', name: 'hermes', state: 'pm2 not running', active: false };

describe.runIf(process.getuid?.() === 0 && process.platform === 'linux')("pm2's lever on another user's home", () => {
  it("runs as that home's owner, with the user's groups (resurrect and restart alike)", async () => {
    const home = pm2Home(65534);
    const host = hostOf({ uid: 0 });
    const target = makeTarget(path.join(path.dirname(home), 'hermes'));
    const svc = { ...down, via: home };
    for (const [verb, state] of [
      ['start', 'pm2 not running'],
      ['restart', 'online'],
    ] as const) {
      const plan = await pm2.plan(verb, target, { ...svc, state }, { manager: 'pm2', via: home, from: 'traces' }, host);
      const argv = 'run' in plan ? plan.run[0]!.argv : [];
      expect(argv.slice(0, 4)).toEqual(['setpriv', '--reuid=65534', '--regid=65534', '--init-groups']);
      expect(argv.slice(4).at(-1)).toBe(verb === 'start' ? 'resurrect' : 'hermes');
    }
  });

  it("as it is for root's own home, and for a gatewatch that is not root", async () => {
    const own = pm2Home(0);
    expect(await asOwner(own, hostOf({ uid: 0 }), ['pm2', 'resurrect'])).toEqual(['pm2', 'resurrect']);
    const other = pm2Home(65534);
    expect(await asOwner(other, hostOf({ uid: 1000 }), ['pm2', 'jlist'])).toEqual(['pm2', 'jlist']);
  });

  it("a uid the system does not know gets no groups at all, never root's", async () => {
    const home = pm2Home(54321);
    expect((await asOwner(home, hostOf({ uid: 0 }), ['pm2', 'jlist'])).slice(0, 4)).toEqual([
      'setpriv',
      '--reuid=54321',
      '--regid=54321',
      '--clear-groups',
    ]);
  });
});
