// The shared index the detectors scan instead of the whole run: a pattern group lists exactly the run's records that
// match one of its patterns, in run order, over every real-format fixture log, and stays right as the tracker reuses
// records across evaluations.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matching, patternGroup } from '../../src/detectors/record-index.js';
import { currentRun } from '../../src/detectors/run.js';
import type { LogRecord } from '../../src/evidence.js';
import { runDetectors } from '../../src/detectors/index.js';
import { SETTINGS, buildEvidence } from '../helpers/evidence.js';
import { TEST_DIR } from '../helpers/paths.js';

const PATTERNS = [
  /^\[QQBot(?::[^\]]*)?\] (Reconnected|Session resumed)/i,
  /^✓ \w+ connected/,
  /cannot connect to HOST/i,
  /^Gateway running with (\d+) platform\(s\)$/,
];
const GROUP = patternGroup(...PATTERNS);
const naive = (records: LogRecord[]) => records.filter((r) => PATTERNS.some((re) => re.test(r.message)));

const logs = readdirSync(path.join(TEST_DIR, 'fixtures', 'logs')).filter((f) => f.endsWith('.log'));

describe('pattern groups', () => {
  it.each(logs)('%s: the records a scan of the whole run would find, in run order', (log) => {
    const ev = buildEvidence({ log });
    expect(matching(ev, GROUP)).toEqual(naive(currentRun(ev).records));
  });

  it('some fixture has lines of every kind, so the comparison above is not vacuous', () => {
    const found = logs.flatMap((log) => matching(buildEvidence({ log }), GROUP).map((r) => r.message));
    for (const re of PATTERNS) expect(found.some((m) => re.test(m))).toBe(true);
  });

  it('a later evaluation over the same records plus new ones lists the new matches too', () => {
    const first = buildEvidence({ log: 'qq-4009-resumed.log' });
    const before = matching(first, GROUP);
    const last = first.log.run.at(-1)!;
    const added: LogRecord[] = [
      { ...last, ts: last.ts + 1, message: '[QQBot:102345678] Session resumed', line: 'x' },
      { ...last, ts: last.ts + 2, message: 'something else', line: 'y' },
    ];
    const second = { ...first, log: { ...first.log, run: [...first.log.run, ...added] } };
    expect(matching(second, GROUP)).toEqual([...before, added[0]]);
    expect(matching(first, GROUP)).toEqual(before);
  });

  it('keeps what it remembers of a record out of sight: the record reads, copies and serialises as parsed', () => {
    const ev = buildEvidence({ log: 'qq-4009-resumed.log' });
    const parsed = ev.log.run.map((r) => JSON.stringify(r));
    expect(matching(ev, GROUP).length).toBeGreaterThan(0);
    runDetectors(ev, SETTINGS);
    expect(ev.log.run.map((r) => JSON.stringify(r))).toEqual(parsed);
    for (const r of ev.log.run) {
      expect(Object.keys({ ...r })).toEqual(Object.keys(r));
      expect(Object.getOwnPropertySymbols({ ...r })).toEqual([]);
      expect(r).toEqual(JSON.parse(JSON.stringify(r)));
    }
  });

  it('refuses flags a union of patterns cannot keep (a stateful or multi-line test would not be a superset)', () => {
    for (const re of [/x/g, /^x/m, /x/y, /x./s]) expect(() => patternGroup(re)).toThrow(/unsupported flags/);
  });
});
