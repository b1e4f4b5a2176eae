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

/** A service folder whose `run` starts the gateway of `home`. */
async function serviceFolder(dir: string, home: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeExecutable(
    path.join(dir, 'run'),
    `#!/bin/sh\nexec 2>&1\nexport HERMES_HOME=${home}\nexec hermes gateway run --replace\n`,
  );
}

async function takenOut(o: { folderServes?: 'this' | 'another' | 'unread' }) {
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
    await serviceFolder(path.join(sources, 'hermes'), o.folderServes === 'this' ? home : '/srv/other');
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
  const start = wordParam('en', adapter.words({ target: 'hermes', hermes: 'hermes', service }).start);
  return { service, start, sources, link };
}

describe('a runit service taken out', () => {
  it('where its own folder is kept still, the way back links that folder in again', async () => {
    const { service, start, sources, link } = await takenOut({ folderServes: 'this' });
    expect(service).toMatchObject({ state: 'removed', folder: path.join(sources, 'hermes') });
    expect(start).toBe(`\`ln -s ${path.join(sources, 'hermes')} ${link}\``);
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
