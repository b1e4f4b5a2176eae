// A busy log's records are mostly message traffic that some pattern group reads: the union of the groups would only
// add a test to each of them, and its compile to the first check of a big log (issue 62). Not built there, with the
// same records listed for every group. Its own file: the union is process-wide state.
import { describe, expect, it } from 'vitest';
import { groupUnionBuilt, matching, patternGroup } from '../../src/detectors/record-index.js';
import { currentRun } from '../../src/detectors/run.js';
// Every detector's groups registered, as in the daemon: the traffic is what some of them read.
import '../../src/detectors/index.js';
import type { LogRecord } from '../../src/evidence.js';
import { buildEvidence } from '../helpers/evidence.js';

const PATTERNS = [/^inbound message: platform=qqbot /, /^\[QQBot(?::[^\]]*)?\] (Reconnected|Session resumed)/i];
const GROUP = patternGroup(...PATTERNS);
const naive = (records: LogRecord[]) => records.filter((r) => PATTERNS.some((re) => re.test(r.message)));

describe('the union of the pattern groups on a busy log', () => {
  it('is not built once a thousand records were sorted when most matched a group; the matches are the same', () => {
    const ev = buildEvidence({ log: 'hermes/inbound-messages.log' });
    const run = currentRun(ev).records;
    // Message traffic (inbound messages, responses, the adapter's own lines) again and again, a record each.
    const records = Array.from({ length: 3000 }, (_, i) => ({ ...run[i % run.length]!, ts: run[0]!.ts + i }));
    const busy = { ...ev, log: { ...ev.log, run: records } };
    expect(matching(busy, GROUP)).toEqual(naive(records));
    expect(groupUnionBuilt()).toBe(false);
  });
});
