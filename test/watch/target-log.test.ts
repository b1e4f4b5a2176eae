// A watched gateway's own log (src/watch/target-log.ts): a look that reads its history has read the log as it is, and
// catches up only after (issue 62 item 4: gateway.log read once a look). Real files.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createTargetLog } from '../../src/watch/target-log.js';
import { systemClock } from '../../src/util/clock.js';
import { cleanup, makeTarget, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

const LOG = readFileSync(new URL('../fixtures/logs/healthy.log', import.meta.url), 'utf8');

describe('a watched gateway’s own log', () => {
  it('says when an open read the history just now (no catch-up is due); a later open does not, and its catch-up reads what came since', async () => {
    const home = await tempDir();
    mkdirSync(path.join(home, 'logs'));
    const target = makeTarget(home);
    writeFileSync(target.log_file, LOG);
    const log = createTargetLog({ target, log: pino({ level: 'silent' }), clock: systemClock, news: () => {} });
    try {
      expect(await log.open()).toBe(true);
      const run = log.at(Date.now()).log.run;
      expect(run.at(-1)!.line).toBe(LOG.trimEnd().split('\n').at(-1));
      appendFileSync(target.log_file, '2026-07-02 06:30:00,000 INFO gateway.run: later\n');
      expect(await log.open()).toBe(false);
      await log.catchUp();
      expect(log.at(Date.now()).log.run.at(-1)!.message).toBe('later');
    } finally {
      await log.stop();
    }
  });
});
