// A watched gateway's own log (src/watch/target-log.ts): a look that reads its history has read the log as it is, and
// catches up only after (issue 62 item 4: gateway.log read once a look). Real files.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createTargetLog } from '../../src/watch/target-log.js';
import { formatRecord } from '../../src/demo/hermes-log.js';
import { hoursStats, readLogHours } from '../../src/probes/log-hours.js';
import { hoursNeedles } from '../../src/probes/hours-needles.js';
import { systemClock } from '../../src/util/clock.js';
import { cleanup, makeTarget, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

const LOG = readFileSync(new URL('../fixtures/logs/healthy.log', import.meta.url), 'utf8');

/** `look` at a target whose gateway.log is the healthy log, its log made (not opened yet), stopped after. */
async function withLog(look: (file: string, log: ReturnType<typeof createTargetLog>) => Promise<void>) {
  const home = await tempDir();
  mkdirSync(path.join(home, 'logs'));
  const target = makeTarget(home);
  writeFileSync(target.log_file, LOG);
  const log = createTargetLog({ target, log: pino({ level: 'silent' }), clock: systemClock, news: () => {} });
  try {
    await look(target.log_file, log);
  } finally {
    await log.stop();
  }
}

describe('a watched gateway’s own log', () => {
  it('says when an open read the history just now (no catch-up is due); a later open does not, and its catch-up reads what came since', () =>
    withLog(async (file, log) => {
      expect(await log.open()).toBe(true);
      const run = log.at(Date.now()).log.run;
      expect(run.at(-1)!.line).toBe(LOG.trimEnd().split('\n').at(-1));
      appendFileSync(file, '2026-07-02 06:30:00,000 INFO gateway.run: later\n');
      expect(await log.open()).toBe(false);
      await log.catchUp();
      expect(log.at(Date.now()).log.run.at(-1)!.message).toBe('later');
    }));
});

describe('gateway.log’s lines over hours (log-hours.ts) beside its tail', () => {
  const traffic = (t: number, n: number) =>
    Array.from({ length: n }, (_, i) =>
      formatRecord(
        t + i,
        'INFO',
        'gateway.run',
        `inbound message: platform=qqbot user=A37B chat=A37B msg='hello ${i}'`,
      ),
    ).join('\n') + '\n';
  const sigterm = (t: number) =>
    formatRecord(t, 'INFO', 'gateway.run', 'Received SIGTERM — initiating shutdown') + '\n';

  /** A gather's read of the hours: its lines, and how many bytes of the file it read. */
  async function hours(file: string) {
    const before = hoursStats.bytesRead;
    const lines = await readLogHours(file, hoursNeedles(), { now: Date.now() });
    return { lines: lines.map((r) => r.line), bytes: hoursStats.bytesRead - before };
  }

  it('takes the new lines the tail read, without reading them from the file again (issue 62)', () =>
    withLog(async (file, log) => {
      await log.open();
      expect((await hours(file)).bytes).toBe(Buffer.byteLength(LOG));
      const t = Date.now() - 60_000;
      const added = traffic(t, 2000) + sigterm(t + 5_000) + traffic(t + 6_000, 10);
      appendFileSync(file, added);
      await log.catchUp();
      const after = await hours(file);
      // The old read took every appended byte again (the tail had read them all already).
      expect(after.bytes).toBe(0);
      expect(after.lines).toEqual([sigterm(t + 5_000).trimEnd()]);
    }));

  it('reads from the file what the tail had not handed over in order, and keeps each line once', () =>
    withLog(async (file, log) => {
      await log.open();
      await hours(file);
      const t = Date.now() - 60_000;
      // Read by a gather before the tail gets to it: the tail's lines then begin before where that read ended.
      appendFileSync(file, sigterm(t));
      expect((await hours(file)).bytes).toBe(Buffer.byteLength(sigterm(t)));
      await log.catchUp();
      // From there on the tail's lines follow on from the read's, and are taken.
      appendFileSync(file, traffic(t + 1_000, 5) + sigterm(t + 2_000));
      await log.catchUp();
      const after = await hours(file);
      expect(after.bytes).toBe(0);
      expect(after.lines).toEqual([sigterm(t).trimEnd(), sigterm(t + 2_000).trimEnd()]);
    }));
});
