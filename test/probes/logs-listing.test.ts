// A home's logs/ listed once a look (issue 62 item 4): the logs beside gateway.log and the log files' sizes are read
// from one listing, which a later look makes anew.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logFileSizes } from '../../src/probes/disk.js';
import { listLogs, lookListing } from '../../src/probes/logs-listing.js';
import { sideLogFiles } from '../../src/probes/side-logs.js';
import { sharedOnce } from '../../src/util/shared.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

async function home(): Promise<{ home: string; logs: string }> {
  const h = await tempDir();
  const logs = path.join(h, 'logs');
  await mkdir(path.join(logs, 'hindsight'), { recursive: true });
  for (const f of ['agent.log', 'gateway.log', 'hindsight/memory.log']) await writeFile(path.join(logs, f), 'x\n');
  return { home: h, logs };
}

describe('a home’s logs/ in one look', () => {
  it('is listed once for both its readers: a file made between them is in neither; the next look sees it', async () => {
    const { home: h, logs } = await home();
    const list = lookListing(sharedOnce());
    const beside = await sideLogFiles(logs, Date.now(), list);
    await writeFile(path.join(logs, 'plugin.log'), 'x\n');
    const sizes = await logFileSizes(h, list);
    expect(beside.map((f) => path.relative(logs, f)).sort()).toEqual(['agent.log', 'hindsight/memory.log']);
    expect(sizes.map((f) => f.name).sort()).toEqual(['agent.log', 'gateway.log', 'hindsight/memory.log']);
    const next = lookListing(sharedOnce());
    expect((await logFileSizes(h, next)).map((f) => f.name)).toContain('plugin.log');
    expect((await sideLogFiles(logs, Date.now(), next)).map((f) => path.basename(f))).toContain('plugin.log');
  });

  it('lists a folder’s entries right after it, one level down, and a missing logs/ as nothing', async () => {
    const { home: h, logs } = await home();
    await mkdir(path.join(logs, 'hindsight', 'deeper'));
    const names = (await listLogs(logs)).map((e) => e.name);
    const at = names.indexOf('hindsight');
    expect(names.slice(at + 1, at + 3).sort()).toEqual(['hindsight/deeper', 'hindsight/memory.log']);
    expect(names.filter((n) => n.startsWith('hindsight/deeper/'))).toEqual([]);
    expect(await listLogs(path.join(h, 'nowhere'))).toEqual([]);
  });
});
