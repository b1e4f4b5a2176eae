// A service folder's `run` as operators write it (hermes-supervisors.md "runit run files as people write them"), read
// for the home of the gateway it starts: each style a folder on disk, read the way runit's and s6's tools run it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { homeOfRun, readRunLaunch } from '../../../src/probes/supervisors/run-file.js';
import { shellWords } from '../../../src/probes/supervisors/shell-words.js';
import { tempDir, writeExecutable } from '../../helpers/probe-procs.js';

/** A service folder whose `run` is `script`, with an env folder of `env`'s files (an empty value: an empty file). */
async function service(script: string, env: Record<string, string> = {}): Promise<string> {
  const dir = path.join(await tempDir('gw-runfile-'), 'hermes');
  await writeExecutable(path.join(dir, 'run'), script);
  if (Object.keys(env).length) await mkdir(path.join(dir, 'env'), { recursive: true });
  for (const [k, v] of Object.entries(env)) await writeFile(path.join(dir, 'env', k), v);
  return dir;
}

const ME = '/home/gatewatch';

describe('the home a run file serves', () => {
  const cases: [string, string, Record<string, string>, string][] = [
    [
      'export in the script',
      '#!/bin/sh\nexec 2>&1\nexport HERMES_HOME=/srv/hermes\nexec hermes gateway run\n',
      {},
      '/srv/hermes',
    ],
    [
      'an assignment, then export',
      '#!/bin/sh\nHERMES_HOME="/srv/h two"\nexport HERMES_HOME\nexec hermes gateway run\n',
      {},
      '/srv/h two',
    ],
    [
      "runit's env folder",
      '#!/bin/sh\nexec 2>&1\nexec chpst -e ./env hermes gateway run\n',
      { HERMES_HOME: '/data/hermes\n' },
      '/data/hermes',
    ],
    [
      'an env folder, trailing blanks',
      '#!/bin/sh\nexec chpst -e ./env /usr/bin/hermes gateway run\n',
      { HERMES_HOME: '/data/h  \t\nignored' },
      '/data/h',
    ],
    [
      "envdir, daemontools' way",
      '#!/bin/sh\nexec envdir ./env hermes gateway run 2>&1\n',
      { HOME: '/home/ops' },
      '/home/ops/.hermes',
    ],
    [
      'an empty file unsets',
      '#!/bin/sh\nexport HERMES_HOME=/x\nexec chpst -e ./env hermes gateway run\n',
      { HERMES_HOME: '' },
      `${ME}/.hermes`,
    ],
    ['export HOME', '#!/bin/sh\nexport HOME=/home/dev\nexec hermes gateway run\n', {}, '/home/dev/.hermes'],
    ['env prefix', '#!/bin/sh\nexec env HERMES_HOME=/opt/data hermes gateway run --no-supervise\n', {}, '/opt/data'],
    [
      'a profile',
      '#!/bin/sh\nexport HOME=/home/dev\nexec hermes -p work gateway run\n',
      {},
      '/home/dev/.hermes/profiles/work',
    ],
    [
      'a variable of the script',
      '#!/bin/sh\nBASE=/srv\nexec env HERMES_HOME=${BASE}/hermes hermes gateway run\n',
      {},
      '/srv/hermes',
    ],
    [
      'cd, then a relative env folder',
      '#!/bin/sh\ncd /nonexistent && exec chpst -e ./env hermes gateway run\n',
      {},
      `${ME}/.hermes`,
    ],
    ['continued lines', '#!/bin/sh\nexec chpst -e ./env \\\n  hermes gateway run\n', { HERMES_HOME: '/c' }, '/c'],
    [
      'a user with HOME set after',
      '#!/bin/sh\nexport HOME=/home/x\nexec chpst -u root hermes gateway run\n',
      {},
      '/home/x/.hermes',
    ],
    ['as root by its name', '#!/bin/sh\nexec chpst -u root:root hermes gateway run\n', {}, '/root/.hermes'],
    ["as uid 0, chpst's numeric form", '#!/bin/sh\nexec chpst -u :0:0 hermes gateway run\n', {}, '/root/.hermes'],
    ['su to a login', '#!/bin/sh\nexec su - root -c "hermes gateway run"\n', {}, '/root/.hermes'],
    [
      's6-setuidgid and s6-envdir',
      '#!/bin/sh\nexec s6-envdir ./env s6-setuidgid root hermes gateway run\n',
      { HERMES_HOME: '/e' },
      '/e',
    ],
    ["NixOS' `hermes gateway`", '#!/bin/sh\nexec /nix/store/x-hermes/bin/hermes gateway\n', {}, `${ME}/.hermes`],
  ];
  it.each(cases)('%s', async (_name, script, env, home) => {
    expect(await homeOfRun(await service(script, env), ME)).toBe(home);
  });

  // A user this host does not know (removed since, or a container's own): its `~` is not told, and never the caller's.
  // Main took it for the caller's ~/.hermes: init said another test's runit service, whose user was just removed, ran
  // the newcomer's own root gateway (test:supervisors, init-everywhere beside real-own-user).
  it.each([
    ['chpst -u', '#!/bin/sh\nexec chpst -u gw-no-such-user-81 hermes gateway run\n', undefined],
    ['s6-setuidgid', '#!/bin/sh\nexec s6-setuidgid gw-no-such-user-81 hermes -p work gateway run\n', undefined],
    ["chpst's numeric form", '#!/bin/sh\nexec chpst -u :4000081:4000081 hermes gateway run\n', undefined],
    [
      'its home named all the same',
      '#!/bin/sh\nexec chpst -u gw-no-such-user-81 env HERMES_HOME=/srv/h hermes gateway run\n',
      '/srv/h',
    ],
    [
      'its HOME set',
      '#!/bin/sh\nexport HOME=/home/x\nexec chpst -u gw-no-such-user-81 hermes gateway run\n',
      '/home/x/.hermes',
    ],
  ])('as a user the password file does not list, %s', async (_name, script, home) => {
    expect(await homeOfRun(await service(script), ME)).toBe(home);
  });

  it('a run that starts something else serves no home', async () => {
    expect(
      await homeOfRun(await service('#!/bin/sh\n# hermes gateway run, once\nexec nginx -g "daemon off;"\n'), ME),
    ).toBeUndefined();
    expect(await homeOfRun(path.join(await tempDir(), 'none'), ME)).toBeUndefined();
  });

  it("the gateway's own argv and its user", async () => {
    const dir = await service('#!/bin/sh\nexec 2>&1\nexec chpst -u dev -e ./env /usr/local/bin/hermes gateway run\n', {
      HERMES_HOME: '/h',
    });
    expect(await readRunLaunch(dir)).toEqual({
      argv: ['/usr/local/bin/hermes', 'gateway', 'run'],
      env: { HERMES_HOME: '/h' },
      user: 'dev',
    });
  });
});

describe('shell words', () => {
  it('quotes, escapes, variables and the separators', () => {
    expect(shellWords(`a 'b c' "d \\"e\\" $X" f\\ g \${X}h; i # j`, { X: 'x' })).toEqual([
      'a',
      'b c',
      'd "e" x',
      'f g',
      'xh',
      ';',
      'i',
    ]);
  });
});
