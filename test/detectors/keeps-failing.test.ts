// The one rule for a platform that keeps failing, whatever its words (issue 54 item 2), at its boundaries and past
// them: three failures of a known kind, longer than the grace, still coming at their pace, no sign of it up since; the
// advice by the kind of its latest error. Matrix's sync loop (`Matrix: sync error: %s — retrying in 5s`, §6) is the
// platform with no rule of its own for a refused connection.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import type { Finding } from '../../src/types.js';
import { buildEvidence, iso, localTime, SETTINGS, stateFile } from '../helpers/evidence.js';

const T0 = '2026-11-25 10:00:00';
/** `T0` plus `s` seconds, as local time (`YYYY-MM-DD HH:MM:SS`); a log line's stamp adds its milliseconds. */
const time = (s: number) => {
  const d = new Date(localTime(T0) + s * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};
const at = (s: number) => `${time(s)},000`;
const START = [
  `${at(0)} INFO gateway.run: Starting Hermes Gateway...`,
  `${at(1)} INFO gateway.run: ✓ matrix connected`,
  `${at(1)} INFO gateway.run: ✓ qqbot connected`,
  `${at(1)} INFO gateway.run: Gateway running with 2 platform(s)`,
];
const REFUSED = "Cannot connect to host matrix.example.org:443 ssl:default [Connect call failed ('203.0.113.7', 443)]";
const sync = (s: number, err = REFUSED) =>
  `${at(s)} WARNING hermes_plugins.matrix_platform.adapter: Matrix: sync error: ${err} — retrying in 5s`;

function judge(lines: string[], nowSec: number, o: { matrixWrittenAt?: number } = {}): Finding[] {
  const ev = buildEvidence({
    text: `${[...START, ...lines].join('\n')}\n`,
    state: stateFile('running', {
      matrix: { state: 'connected', updated_at: iso(time(o.matrixWrittenAt ?? 1)) },
      qqbot: { state: 'connected', updated_at: iso(time(1)) },
    }),
    now: time(nowSec),
  });
  return runDetectors(ev, SETTINGS).filter((f) => f.platform === 'matrix');
}

const ids = (found: Finding[]) => found.map((f) => `${f.check}:${f.text?.key}:${f.restart}`);

describe('a platform that keeps failing (issue 54 item 2)', () => {
  it('three failures of a known kind over longer than the grace: down; two say nothing', () => {
    expect(ids(judge([sync(600), sync(660), sync(720)], 730))).toEqual([
      'platform_down:finding.platform_unreachable:wait',
    ]);
    expect(judge([sync(600), sync(700)], 710)).toEqual([]);
  });

  it('at the grace: not yet (90 s since the first failure); just past it: down', () => {
    expect(judge([sync(600), sync(630), sync(660)], 690)).toEqual([]);
    expect(ids(judge([sync(600), sync(630), sync(660)], 691))).toEqual([
      'platform_down:finding.platform_unreachable:wait',
    ]);
  });

  it('over once its failures stop coming at their pace (2.5 of its intervals, two minutes at least)', () => {
    const every5 = Array.from({ length: 60 }, (_, i) => sync(600 + i * 5));
    expect(judge(every5, 895 + 120)).toHaveLength(1);
    expect(judge(every5, 895 + 121)).toEqual([]);
    const every60 = Array.from({ length: 10 }, (_, i) => sync(600 + i * 60));
    expect(judge(every60, 1140 + 150)).toHaveLength(1);
    expect(judge(every60, 1140 + 151)).toEqual([]);
  });

  it('a sign of it up since says nothing: a message heard, `connected` written after the last failure', () => {
    const failing = [sync(600), sync(660), sync(720)];
    expect(
      judge(
        [
          ...failing,
          `${at(725)} INFO gateway.run: inbound message: platform=matrix user=@ann:example.org chat=!r:example.org msg='hi'`,
        ],
        730,
      ),
    ).toEqual([]);
    expect(judge(failing, 730, { matrixWrittenAt: 722 })).toEqual([]);
  });

  it('the advice follows the kind: refused credentials never restart; a 5xx is the platform’s; no known kind, nothing', () => {
    const auth = (s: number) => sync(s, 'M_UNKNOWN_TOKEN: Invalid access token passed. (401 Unauthorized)');
    expect(ids(judge([auth(600), auth(660), auth(720)], 730))).toEqual([
      'platform_down:finding.platform_refused:never',
    ]);
    const busy = (s: number) => sync(s, "503, message='Service Unavailable', url='https://matrix.example.org/sync'");
    expect(ids(judge([busy(600), busy(660), busy(720)], 730))).toEqual([
      'platform_down:finding.platform_server_error:wait',
    ]);
    const odd = (s: number) => sync(s, "KeyError: 'next_batch'");
    expect(judge([odd(600), odd(660), odd(720)], 730)).toEqual([]);
  });
});
