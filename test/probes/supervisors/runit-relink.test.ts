// A runit service taken out (its link removed from the folder runsvdir watches) comes back by linking its folder in
// again: where the host keeps that folder still (`/etc/sv/<name>`, hermes-supervisors.md), the way back names it.
// Played with a stand-in `sv` that says what the real one says of a link that is gone.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostOf } from '../../../src/probes/host.js';
import { adapterOf } from '../../../src/probes/supervisors/index.js';
import { wordParam } from '../../../src/i18n.js';
import { cleanup, makeTarget, tempDir, writeExecutable } from '../../helpers/probe-procs.js';

afterEach(cleanup);

type Style = 'export' | 'envdir';

/**
 * A service folder whose `run` starts the gateway of `home`, as operators write it (hermes-supervisors.md "runit run
 * files as people write them"): the home exported in `run`, or in the env folder `chpst -e` reads.
 */
async function serviceFolder(dir: string, home: string, style: Style): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (style === 'envdir') {
    await mkdir(path.join(dir, 'env'));
    await writeFile(path.join(dir, 'env', 'HERMES_HOME'), `${home}\n`);
  }
  await writeExecutable(
    path.join(dir, 'run'),
    style === 'envdir'
      ? '#!/bin/sh\nexec 2>&1\nexec chpst -e ./env hermes gateway run --replace\n'
      : `#!/bin/sh\nexec 2>&1\nexport HERMES_HOME=${home}\nexec hermes gateway run --replace\n`,
  );
}

async function takenOut(o: { folderServes?: 'this' | 'another' | 'unread'; style?: Style; down?: boolean }) {
  const dir = await tempDir('gw-runit-relink-');
  const home = path.join(dir, 'home');
  await mkdir(path.join(home, 'logs'), { recursive: true });
  await writeFile(path.join(home, 'logs', 'gateway.log'), '');
  const sources = path.join(dir, 'sv');
  if (o.folderServes === 'unread') {
    // A wrapper of the operator's own: nothing in `run` says whose gateway it starts.
    await mkdir(path.join(sources, 'hermes'), { recursive: true });
    await writeExecutable(path.join(sources, 'hermes', 'run'), '#!/bin/sh\nexec /opt/hermes/start-gateway.sh\n');
  } else if (o.folderServes)
    await serviceFolder(
      path.join(sources, 'hermes'),
      o.folderServes === 'this' ? home : '/srv/other',
      o.style ?? 'export',
    );
  // Kept down at boot: the runsv the link brings back leaves it down.
  if (o.down) await writeFile(path.join(sources, 'hermes', 'down'), '');
  const link = path.join(dir, 'service', 'hermes');
  await mkdir(path.dirname(link), { recursive: true });
  await writeExecutable(
    path.join(dir, 'bin', 'sv'),
    `#!/bin/sh\necho "fail: $2: unable to change to service directory: file does not exist"\nexit 1\n`,
  );
  const host = hostOf({
    env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin` },
    runitDirs: [],
    runitSources: [sources],
  });
  const adapter = adapterOf('runit');
  const service = await adapter.probe(makeTarget(home), { manager: 'runit', name: link, from: 'shutdown' }, host, {});
  const words = adapter.words({ target: 'hermes', hermes: 'hermes', service });
  const start = wordParam('en', words.start);
  return { service, start, zh: wordParam('zh-CN', words.start), sources, link };
}

describe('a runit service taken out', () => {
  it.each(['export', 'envdir'] as const)(
    'where its own folder is kept still (%s), the way back links that folder in again',
    async (style) => {
      const { service, start, sources, link } = await takenOut({ folderServes: 'this', style });
      expect(service).toMatchObject({ state: 'removed', folder: path.join(sources, 'hermes') });
      expect(service.folderDown).toBeUndefined();
      expect(start).toBe(`\`ln -s ${path.join(sources, 'hermes')} ${link}\``);
    },
  );

  // The real runsv keeps a folder with a `down` file down when it starts for it, and `sv up` before runsvdir's next
  // scan fails ("unable to open supervise/ok"): the link alone would leave the gateway down. On 9e3ac7c0 it said so.
  it('its kept folder has a `down` file: the link, then `sv up` once runit has it', async () => {
    const { service, start, zh, sources, link } = await takenOut({ folderServes: 'this', style: 'envdir', down: true });
    expect(service).toMatchObject({ state: 'removed', folder: path.join(sources, 'hermes'), folderDown: true });
    expect(start).toBe(
      `\`ln -s ${path.join(sources, 'hermes')} ${link}\`, then \`sv up ${link}\` once runit has picked it up, within 5 s (its folder's \`down\` file keeps it down)`,
    );
    expect(zh).toContain(
      `\`ln -s ${path.join(sources, 'hermes')} ${link}\`，等 runit 接管后（5 秒内）再执行 \`sv up ${link}\``,
    );
  });

  it('a folder of that name serving another home is another service: the way back names none', async () => {
    const { service, start } = await takenOut({ folderServes: 'another' });
    expect(service.state).toBe('removed');
    expect(service.folder).toBeUndefined();
    expect(start).toContain('<its service folder>');
  });

  it('nor one whose `run` does not say whose gateway it starts: it may be another home’s', async () => {
    const { service, start } = await takenOut({ folderServes: 'unread' });
    expect(service.state).toBe('removed');
    expect(service.folder).toBeUndefined();
    expect(start).toContain('<its service folder>');
  });

  it('with no folder kept, the way back says where to link from in words', async () => {
    const { service, start } = await takenOut({});
    expect(service.state).toBe('removed');
    expect(service.folder).toBeUndefined();
    expect(start).toContain('<its service folder>');
  });
});
