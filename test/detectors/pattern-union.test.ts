// The union of every pattern group costs more to compile than a short run's records cost to test group by group: a
// check of a healthy log must not build it (issue 21), a long-lived process does, and the records each group lists
// are the same either way. Its own file: the union is process-wide state.
import { describe, expect, it } from 'vitest';
import { groupUnionBuilt, matching, patternGroup } from '../../src/detectors/record-index.js';
import { currentRun } from '../../src/detectors/run.js';
import { runDetectors } from '../../src/detectors/index.js';
import type { LogRecord } from '../../src/evidence.js';
import { buildEvidence, SETTINGS } from '../helpers/evidence.js';

const PATTERNS = [
  /^\[QQBot(?::[^\]]*)?\] (Reconnected|Session resumed)/i,
  /^✓ \w+ connected/,
  /^Gateway running with (\d+) platform\(s\)$/,
];
const GROUP = patternGroup(...PATTERNS);
const naive = (records: LogRecord[]) => records.filter((r) => PATTERNS.some((re) => re.test(r.message)));

describe('the union of the pattern groups', () => {
  it('is not built for a check of a healthy log; built once a thousand records of a quiet log were sorted, with the same matches', () => {
    const healthy = buildEvidence({ log: 'healthy.log' });
    expect(runDetectors(healthy, SETTINGS)).toEqual([]);
    expect(matching(healthy, GROUP)).toEqual(naive(currentRun(healthy).records));
    expect(groupUnionBuilt()).toBe(false);

    // A long quiet run: the healthy start-up's records again and again, each a record of its own, between lines no
    // group reads (its housekeeping line) three times as many.
    const run = currentRun(healthy).records;
    const quiet = run.find((r) => r.message.startsWith('Gateway housekeeping started'))!;
    const records = Array.from({ length: 1200 }, (_, i) => ({
      ...(i % 4 ? quiet : run[(i / 4) % run.length]!),
      ts: run[0]!.ts + i,
    }));
    const long = { ...healthy, log: { ...healthy.log, run: records } };
    expect(matching(long, GROUP)).toEqual(naive(currentRun(long).records));
    expect(groupUnionBuilt()).toBe(true);
    // Records tested after it: the union's answers are the same.
    const later = records.map((r) => ({ ...r }));
    expect(matching({ ...healthy, log: { ...healthy.log, run: later } }, GROUP)).toEqual(naive(later));
  });
});
