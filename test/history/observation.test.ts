// What the availability history records from gatewatch's looks, replayed over real Hermes logs at several paces: a
// routine QQ resume (4009 → resumed in 2 s, inside disconnect_grace) is never downtime, and a real outage counts for
// its real length from the log, whether a look came during it or only after it ended, and however often gatewatch
// looks. The figures must not depend on when the checks happened to run (issue 43 items 2 and 3).
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { isConnectLine, isDrop, platformOf } from '../../src/detectors/platform-lines.js';
import { figures } from '../../src/history/figures.js';
import { emptyHistory, WINDOWS, type TargetHistory } from '../../src/history/model.js';
import { platformObservations, platformsUp } from '../../src/history/observation.js';
import { observe } from '../../src/history/record.js';
import { parseLogText } from '../../src/probes/log-parse.js';
import { readPlatforms } from '../../src/incidents/outage-starts.js';
import { buildEvidence, fixtureText, SETTINGS, stateFile } from '../helpers/evidence.js';
import { qqRateForecast } from '../helpers/finding.js';

const parsed = new Map<string, ReturnType<typeof parseLogText>>();
/**
 * The log's records, parsed once per text: a replay looks hundreds of times, and each look read the whole log twice
 * here besides the evidence it builds (which parses what was written by then itself, as the daemon does). Read only.
 */
function records(text: string): ReturnType<typeof parseLogText> {
  let r = parsed.get(text);
  if (!r) parsed.set(text, (r = parseLogText(text)));
  return r;
}

/** QQ's state as Hermes writes it at `t`: the last connect or drop line at or before it says which, and since when. */
function qqStateAt(text: string, t: number) {
  let state = { state: 'connected', updated_at: undefined as string | undefined };
  for (const r of records(text)) {
    if (r.ts > t) break;
    if (platformOf(r) !== 'qqbot') continue;
    if (isConnectLine(r)) state = { state: 'connected', updated_at: new Date(r.ts).toISOString() };
    else if (isDrop(r)) state = { state: 'disconnected', updated_at: new Date(r.ts).toISOString() };
  }
  return state;
}

/** Looks every `everyMs` from `from` (the first at `from + phaseMs`), and one at `to`, each judged and recorded as the daemon does. */
function replay(text: string, from: number, to: number, everyMs: number, phaseMs = 0): TargetHistory {
  const h = emptyHistory('default', from);
  let first = true;
  const times: number[] = [];
  for (let t = from + phaseMs; t < to; t += everyMs) times.push(t);
  // And one at the end, whenever the pace would have brought it: the figures are read then.
  for (const t of [...times, to]) {
    // What the log held at `t`, and `t` itself (buildEvidence takes a number as ms after the last line).
    const written = records(text).filter((r) => r.ts <= t);
    const ev = buildEvidence({
      text: written.map((r) => [r.line, ...(r.extra ?? [])].join('\n')).join('\n'),
      now: t - written.at(-1)!.ts,
      state: stateFile('running', { qqbot: qqStateAt(text, t) }),
    });
    const findings = runDetectors(ev, SETTINGS).filter((f) => !f.lapsed);
    observe(h, platformObservations(ev, findings, { muted: false, graceMs: SETTINGS.disconnectGraceMs }), t, first);
    first = false;
  }
  return h;
}

const at = (text: string, stamp: string) => records(text).find((r) => r.line.startsWith(stamp))!.ts;
const PACES = [1_000, 10_000, 60_000, 300_000];

describe('the history of real Hermes logs, looked at every 1 s, 10 s, 1 min or 5 min', () => {
  it('v0.17, six routine 4009 resumes of 2 s each: no downtime at any pace', () => {
    const text = fixtureText('hermes/real-v0.17-routine-4009.log');
    const from = at(text, '2026-11-25 02:21:26,342');
    const to = at(text, '2026-11-25 02:28:14,072') - 1;
    for (const every of PACES)
      for (const phase of [0, 700, 1_900]) {
        const f = figures(replay(text, from, to, every, phase), WINDOWS['24h'], to);
        expect({ every, phase, downtime: f.downtimeMs }).toEqual({ every, phase, downtime: 0 });
        expect(f.availability, `every ${every} ms`).toBe(1);
      }
  });

  it('v0.20.2, QQ unreachable for 107 s: that long, from the drop to the connect, at every pace and phase', () => {
    const text = fixtureText('hermes/real-v0.20.2-lifecycle.log');
    // The last life: started after the second kill, QQ dropped at 17:11:57.212, connected again at 17:13:44.296
    // (then Hermes' op 9 and a 2-s reconnect, inside the grace).
    const from = at(text, '2026-11-25 17:11:13,427');
    const to = at(text, '2026-11-25 17:16:11,355') - 1;
    const real = at(text, '2026-11-25 17:13:44,296') - at(text, '2026-11-25 17:11:57,212');
    expect(real).toBe(107_084);
    for (const every of PACES)
      for (const phase of [0, 3_000, 29_000]) {
        const h = replay(text, from, to, every, phase);
        const f = figures(h, WINDOWS['24h'], to);
        expect({ every, phase, downtime: f.downtimeMs }).toEqual({ every, phase, downtime: real });
      }
  });
});

describe('a restarted gateway, looked at before its platforms connect', () => {
  const text = fixtureText('hermes/real-v0.20.2-lifecycle.log');
  /** The real v0.20.2 log as it stood when the line stamped `until` was written. */
  const log = (until: string) =>
    records(text)
      .filter((r) => r.ts <= at(text, until))
      .map((r) => [r.line, ...(r.extra ?? [])].join('\n'))
      .join('\n');
  /** QQ up in the life before, down from when gatewatch saw it killed. */
  const killed = () => {
    const h = emptyHistory('default', at(text, '2026-11-25 17:09:45,562'));
    h.platforms.qqbot = [
      [at(text, '2026-11-25 17:09:45,693'), 'up'],
      [at(text, '2026-11-25 17:09:45,693') + 5_000, 'down'],
    ];
    return h;
  };
  const observed = (ev: ReturnType<typeof buildEvidence>) => {
    const findings = runDetectors(ev, SETTINGS).filter((f) => !f.lapsed);
    return {
      findings,
      seen: platformObservations(ev, findings, { muted: false, graceMs: SETTINGS.disconnectGraceMs }),
    };
  };

  it("the state file's entry of the life before is not this life's connect: up from the new connect line", () => {
    // Hermes keeps each platform's entry in gateway_state.json until the new life marks it again: right after a
    // restart, the file names the new pid and still says "connected" from the life before. A look then recorded the
    // platform up at the look, before it had connected (uptime-truth, on a loaded box: a second or two short).
    const before = { state: 'connected', updated_at: new Date(at(text, '2026-11-25 17:09:45,693')).toISOString() };
    const h = killed();
    const look = (until: string, qqbot: typeof before, t: number) => {
      const ev = buildEvidence({ text: log(until), now: t - at(text, until), state: stateFile('starting', { qqbot }) });
      observe(h, observed(ev).seen, t);
    };
    // The new life has started (17:10:23,812) and not connected QQ yet (17:10:24,127).
    look('2026-11-25 17:10:23,812', before, at(text, '2026-11-25 17:10:23,812') + 200);
    expect(h.platforms.qqbot!.at(-1)![1]).toBe('down');
    // Connected: marked again by this life (✓ qqbot connected, 17:10:24,127); up from its first connect line, the QQ
    // WebSocket's (17:10:24,091).
    const marked = at(text, '2026-11-25 17:10:24,127');
    look('2026-11-25 17:10:24,127', { state: 'connected', updated_at: new Date(marked).toISOString() }, marked + 500);
    expect(h.platforms.qqbot!.at(-1)).toEqual([at(text, '2026-11-25 17:10:24,091'), 'up']);
  });

  it('a state file that has not caught up with the log: up from the connect line, not left down', () => {
    // A look reads gateway_state.json and then the log, moments apart, and the file may be written after the line: in
    // uptime-truth under load, the file still said Feishu "connecting" from the start while the log said "✓ feishu
    // connected". Nothing was recorded, Feishu stayed down from the death before, and no look came until the next
    // kill: an outage of 6 s counted 12. Here QQ's, on the real restart.
    const started = at(text, '2026-11-25 17:10:23,812');
    const entry = (state: string) => ({ state, updated_at: new Date(started + 50).toISOString() });
    for (const state of ['connecting', 'disconnected', 'retrying']) {
      const ev = buildEvidence({
        text: log('2026-11-25 17:10:24,127'),
        now: 500,
        state: stateFile('running', { qqbot: entry(state) }),
      });
      const { findings, seen } = observed(ev);
      expect(findings, state).toEqual([]);
      expect(seen.qqbot, state).toMatchObject({ state: 'up' });
      expect(platformsUp(ev, findings).qqbot, state).toBe(true);
    }
    const h = killed();
    const marked = at(text, '2026-11-25 17:10:24,127');
    const ev = buildEvidence({
      text: log('2026-11-25 17:10:24,127'),
      now: 500,
      state: stateFile('running', { qqbot: entry('connecting') }),
    });
    observe(h, observed(ev).seen, marked + 500);
    expect(h.platforms.qqbot!.at(-1)).toEqual([at(text, '2026-11-25 17:10:24,091'), 'up']);
    // Still connecting in both: nothing is known yet, and nothing is recorded.
    const early = buildEvidence({
      text: log('2026-11-25 17:10:23,812'),
      now: 200,
      state: stateFile('running', { qqbot: entry('connecting') }),
    });
    expect(observed(early).seen.qqbot).toBeNull();
    // The log's last word is a drop (Disconnected, 17:10:28,636), after the connect: not up, whatever came before.
    const dropped = buildEvidence({
      text: log('2026-11-25 17:10:28,636'),
      now: 200,
      state: stateFile('running', { qqbot: entry('disconnected') }),
    });
    const after = observed(dropped);
    expect(after.seen.qqbot).not.toMatchObject({ state: 'up' });
    expect(platformsUp(dropped, after.findings).qqbot).toBe(false);
  });

  it('which state words a newer connect overrides, and since when a later drop dates the outage', () => {
    const started = at(text, '2026-11-25 17:11:12,292') - 1_000;
    const entry = (state: string) => ({ state, updated_at: new Date(started).toISOString() });
    const reading = (until: string, state: string, now = 300) =>
      readPlatforms(buildEvidence({ text: log(until), now, state: stateFile('running', { qqbot: entry(state) }) }))
        .qqbot;
    // Parked by the operator: a connect line does not unpark it.
    for (const parked of ['disabled', 'paused'])
      expect(reading('2026-11-25 17:11:13,427', parked).down, parked).not.toBe(false);
    // No time on the entry: nothing says which is newer, so the file is taken as it is.
    const undated = readPlatforms(
      buildEvidence({
        text: log('2026-11-25 17:11:13,427'),
        now: 300,
        state: stateFile('running', { qqbot: { state: 'connecting' } }),
      }),
    ).qqbot;
    expect(undated?.down).not.toBe(false);
    // Connected in the log after the entry, then closed again (17:11:57,212): down since the close, not since the
    // entry's older time, which was of the outage before the connect.
    const closed = reading('2026-11-25 17:11:59,219', 'disconnected');
    expect(closed).toMatchObject({ down: true, since: at(text, '2026-11-25 17:11:57,212') });
  });
});

describe('a forecast about a platform', () => {
  it("names the platform (issue 50 item 4) and marks it down nowhere: QQ's 4009 climb while QQ is connected", () => {
    const ev = buildEvidence({
      text: '2026-11-25 06:00:00,000 INFO gateway.run: Starting Hermes Gateway...\n2026-11-25 06:00:01,000 INFO gateway.run: ✓ qqbot connected\n',
      state: stateFile('running', { qqbot: 'connected' }),
    });
    const forecast = qqRateForecast;
    expect(platformsUp(ev, [forecast]).qqbot).toBe(true);
    expect(platformsUp(ev, [{ ...forecast, check: 'platform_down', severity: 'critical' }]).qqbot).toBe(false);
  });
});
