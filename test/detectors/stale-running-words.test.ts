// state_stale_running's words when the gateway's log holds no line of it (a log rotated away, a gateway that died
// before it wrote one): main said "Its last log line is ? old." (issue 80 item 5). No age is said of a line there is not.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { buildEvidence, SETTINGS, stateFile } from '../helpers/evidence.js';

const killed = (text?: string) =>
  runDetectors(
    buildEvidence({
      log: 'killed.log',
      ...(text !== undefined ? { text } : {}),
      alive: false,
      state: stateFile('running', { feishu: 'connected' }),
    }),
    SETTINGS,
  ).find((f) => f.check === 'state_stale_running');

describe('a killed gateway whose state file still says running', () => {
  it('with its log: the age of its last line', () => {
    expect(killed()?.explanation).toMatch(/Its last log line is \S+ old\.$/);
  });
  it('with no line in its log: no age of a line, and no "?"', () => {
    const f = killed('');
    expect(f?.explanation).toBeDefined();
    expect(f!.explanation).not.toMatch(/last log line|\?/);
  });
});
