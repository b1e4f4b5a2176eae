// A runit service taken out, its runsv gone with it, where the host has more than one scan folder (a system runsvdir
// and a user's, say): Hermes' last words name only `runsv hermes`, so the folder it was taken out of is the one changed
// as the gateway stopped (the link's removal), not whichever folder was looked at first. Under the real runsvdir, with
// other scanners running beside it, the first one's folder was named (test/probes/supervisors/service-removed.test.ts).
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatRecord } from '../../../src/demo/hermes-log.js';
import { hostOf } from '../../../src/probes/host.js';
import { adapterOf } from '../../../src/probes/supervisors/index.js';
import { cleanup, makeTarget, tempDir } from '../../helpers/probe-procs.js';

afterEach(cleanup);

/** An hour ago: no folder on this host (a real scanner's among them) changed within seconds of it but the test's. */
const STOP = Date.now() - 3_600_000;

/**
 * Two scan folders without the service, `changed` the one modified `ago` ms before the gateway's last words. `aliased`:
 * the system's is listed under a second name too, as Void's `/var/service` leads to the folder its runsvdir watches.
 */
async function takenFromOneOfTwo(changed: 'system' | 'user' | 'neither', ago = 2_000, aliased = false) {
  const dir = await tempDir('gw-runit-taken-');
  const home = path.join(dir, 'home');
  await mkdir(path.join(home, 'logs'), { recursive: true });
  await writeFile(
    path.join(home, 'logs', 'gateway.log'),
    [
      formatRecord(STOP, 'INFO', 'gateway.run', 'Received SIGTERM — initiating shutdown'),
      formatRecord(
        STOP,
        'WARNING',
        'gateway.run',
        "Shutdown context: signal=SIGTERM under_systemd=no parent_pid=4194000 parent_name=runsv loadavg_1m=0.1 parent_cmdline='runsv hermes'",
      ),
      '',
    ].join('\n'),
  );
  const folders = { system: path.join(dir, 'etc', 'service'), user: path.join(dir, 'home-dev', 'service') };
  for (const [which, folder] of Object.entries(folders)) {
    await mkdir(path.join(folder, 'other'), { recursive: true });
    const at = (which === changed ? STOP - ago : STOP - 86_400_000) / 1000;
    await utimes(folder, at, at);
  }
  const alias = path.join(dir, 'var', 'service');
  if (aliased) {
    await mkdir(path.dirname(alias), { recursive: true });
    await symlink(folders.system, alias);
  }
  const host = hostOf({
    // Aliased, the user's first: were the two names two changes, the first would be named.
    runitDirs: aliased ? [folders.user, alias, folders.system] : [folders.system, folders.user],
    runitSources: [],
  });
  const parent = { pid: 4_194_000, name: 'runsv', cmdline: 'runsv hermes' };
  const claim = await adapterOf('runit').sender!(parent, makeTarget(home), host);
  return { claim, folders, alias };
}

describe('a runit service taken out of one of two scan folders', () => {
  it.each(['system', 'user'] as const)('the %s folder, changed as it stopped, is the one named', async (which) => {
    const { claim, folders } = await takenFromOneOfTwo(which);
    expect(claim).toEqual({ manager: 'runit', name: path.join(folders[which], 'hermes') });
  });

  // The review's Void host: the one folder under two names changed twice over, and was taken for two changed folders.
  it('the system folder under two names, changed as it stopped: named by its first name, not the user’s', async () => {
    const { claim, alias } = await takenFromOneOfTwo('system', 2_000, true);
    expect(claim).toEqual({ manager: 'runit', name: path.join(alias, 'hermes') });
  });

  // The first is the first running scanner's, where one runs beside the test (a real host's, another test's).
  it('neither changed then (the taking out long before its stop is read): the first, as before', async () => {
    const { claim, folders } = await takenFromOneOfTwo('neither');
    expect(claim?.name).not.toBe(path.join(folders.user, 'hermes'));
    expect(claim?.name).toMatch(/\/hermes$/);
  });

  it('changed a minute before its last words: not taken for the taking out', async () => {
    const { claim, folders } = await takenFromOneOfTwo('user', 60_000);
    expect(claim?.name).not.toBe(path.join(folders.user, 'hermes'));
    expect(claim?.name).toMatch(/\/hermes$/);
  });
});
