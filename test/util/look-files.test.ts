// A look's files, each opened once for all its readers (issue 62 item 4): agent.log's three readers and gateway.log's
// share one opening and what it held as the look began; the next look, or a second look in the same gather, opens
// anew. Real files; the thread pool's requests counted (test/helpers/pool-requests.ts).
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSlowToolCalls } from '../../src/probes/agent-log.js';
import { readBesideLogs } from '../../src/probes/agent-tail.js';
import { readLogHours, RUN_NEEDLES } from '../../src/probes/log-hours.js';
import { lookFiles } from '../../src/util/look-files.js';
import { readTail } from '../../src/util/read-capped.js';
import { poolRequestsDuring } from '../helpers/pool-requests.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

const line = (msg: string) => `2026-11-27 10:00:00,000 INFO gateway.run: ${msg}\n`;

describe('a look’s files', () => {
  it('are opened once for every reader, each reading what the file held when the look opened it', async () => {
    const file = path.join(await tempDir(), 'gateway.log');
    writeFileSync(file, line('one'));
    const files = lookFiles();
    const first = await poolRequestsDuring(() => readTail(file, 4096, files.open));
    appendFileSync(file, line('two'));
    const second = await poolRequestsDuring(() => readTail(file, 4096, files.open));
    expect(first.value.lines).toEqual([line('one').trimEnd()]);
    expect(second.value.lines).toEqual(first.value.lines);
    // The first: open, fstat, read; the second: its read alone.
    expect(second.requests).toBeLessThan(first.requests);
    expect(second.requests).toBe(1);
    await files.anew();
    expect((await readTail(file, 4096, files.open)).lines).toHaveLength(2);
    await files.close();
    // Closed with the look: a reader after it opens (and closes) its own.
    expect((await readTail(file, 4096, files.open)).lines).toHaveLength(2);
  });

  it('a missing agent.log is looked for once by its three readers', async () => {
    const home = await tempDir();
    const logs = path.join(home, 'logs');
    const agent = path.join(logs, 'agent.log');
    const alone = await poolRequestsDuring(() => readSlowToolCalls(agent));
    const files = lookFiles();
    const { value, requests } = await poolRequestsDuring(async () => {
      const slow = await readSlowToolCalls(agent, { open: files.open });
      const beside = await readBesideLogs(agent, logs, Date.now(), { open: files.open });
      const hours = await readLogHours(agent, RUN_NEEDLES, { now: Date.now(), open: files.open });
      return [slow, beside, hours];
    });
    await files.close();
    expect(value).toEqual([[], [], []]);
    // One open that fails, and the side logs' listing of the missing logs/ (a request).
    expect(alone.requests).toBe(1);
    expect(requests).toBe(2);
  });
});
