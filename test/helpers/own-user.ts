// A throwaway user for a gateway its supervisor runs as that user (runit's `chpst -u`, s6's `s6-setuidgid`,
// supervisord's `user=`): made by root, its home in the run's directory, removed when its processes are gone (and at
// the run's end, should that never come: test/helpers/run-tmp.ts).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, cpSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { chmod, chown } from 'node:fs/promises';
import path from 'node:path';
import { demoScriptPath } from '../../src/demo/index.js';
import { tempDir } from './probe-procs.js';
import type { StartOptions } from './supervised.js';
import { until } from './until.js';

const has = (tool: string) => {
  try {
    accessSync(`/usr/sbin/${tool}`, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Root, with useradd and userdel: a user can be made. */
export const canMakeUsers = process.getuid?.() === 0 && has('useradd') && has('userdel');

/**
 * The demo gateway where that user can read it (a clone under /root is not): its script and the catalogues it loads
 * beside it, as the build lays them out.
 */
function readableGateway(dir: string): string {
  const built = path.dirname(path.dirname(demoScriptPath('gateway')));
  const to = path.join(dir, 'dist');
  cpSync(path.join(built, 'demo'), path.join(to, 'demo'), { recursive: true });
  for (const f of readdirSync(built).filter((f) => f.startsWith('bundle-check-') && f.endsWith('.cjs')))
    cpSync(path.join(built, f), path.join(to, f));
  return path.join(to, 'demo', path.basename(demoScriptPath('gateway')));
}

let made = 0;

export interface OwnUser {
  /** What supervised() takes to run the gateway as the user: the user, its ~/.hermes, a script it can read. */
  options: Pick<StartOptions, 'user' | 'home' | 'script'>;
  /** The folder the user's home is in (the test's own files may go beside it). */
  dir: string;
  /** Removes the user, once its processes are gone (s6's and runit's stops only ask their scanners to end them). */
  remove(): Promise<void>;
}

export async function ownUser(): Promise<OwnUser> {
  const user = `gwsuite${process.pid}n${made++}`;
  const dir = realpathSync(await tempDir('gw-own-user-'));
  // The user's home must be reachable from /: the run's folders above it are searchable, not listable.
  const run = realpathSync(process.env.GATEWATCH_TEST_RUN_TMP ?? path.dirname(dir));
  for (let d = dir; d.startsWith(`${run}/`) || d === run; d = path.dirname(d)) await chmod(d, statSync(d).mode | 0o011);
  const userHome = path.join(dir, 'dev');
  const home = path.join(userHome, '.hermes');
  execFileSync('useradd', [
    '--no-create-home',
    '--home-dir',
    userHome,
    '--shell',
    '/usr/sbin/nologin',
    '--user-group',
    user,
  ]);
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  for (const d of [userHome, home, path.join(home, 'logs')]) await chown(d, uid, gid);
  const gone = () => {
    try {
      execFileSync('userdel', [user], { stdio: 'ignore' });
      return true;
    } catch {
      return !readFileSync('/etc/passwd', 'utf8').includes(`\n${user}:`);
    }
  };
  return {
    options: { user, home, script: readableGateway(dir) },
    dir,
    remove: () => until(`user ${user} removed`, async () => gone(), { timeoutMs: 30_000 }).then(() => undefined),
  };
}
