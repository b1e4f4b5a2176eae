// A cold look at memory (issue 50 item 6a): `gatewatch check` has one VmRSS sample, but Hermes' own `[MEMORY] rss=`
// lines of the current life (hermes-gateway-current.md §9.20: INFO `gateway.memory_monitor`, every 5 min, `baseline `
// at a start, `shutdown ` at a stop; `rss` is the life's peak, ru_maxrss). A peak rising steadily for hours while the
// VmRSS read now stands at it is a climb, with the time to Hermes' tiers (§8.3) or the host's limit; a sawtooth of
// nightly restarts, each life levelling off, a peak the process has fallen from, and the words quoted in chat are not.
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/evidence.js';
import { runDetectors } from '../../src/detectors/index.js';
import { wordEvidence } from '../../src/i18n.js';
import { parseLogText } from '../../src/probes/log-parse.js';
import { buildEvidence, PID, SETTINGS } from '../helpers/evidence.js';

const MIB = 1024;
const T0 = new Date(2026, 8, 21, 2, 0, 0).getTime();
const pad = (n: number) => String(n).padStart(2, '0');
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},000`;
};

/** The reference's wording: integer MB, `baseline ` at the start. */
const REFERENCE = (mb: number, up: number, mark = '') =>
  `INFO gateway.memory_monitor: [MEMORY] ${mark}rss=${Math.round(mb)}MB gc=(412, 3, 1) threads=12 uptime=${up}s`;
/** A second wording a real log carries: psutil's fallback figure with a decimal, no baseline line kept (rotated away). */
const DECIMAL = (mb: number, up: number, mark = '') =>
  `INFO gateway.memory_monitor: [MEMORY] ${mark}rss=${mb.toFixed(1)}MB gc=(87, 10, 2) threads=31 uptime=${up}s`;

type Wording = typeof REFERENCE;

/** One life from `start` (ms), a line every 5 min for `hours`, the peak from `mbAt(hoursIn)`; its start lines first. */
function life(
  start: number,
  hours: number,
  mbAt: (h: number) => number,
  w: Wording,
  o: { baseline?: boolean; shutdown?: boolean } = {},
) {
  const lines = [`${stamp(start)} INFO gateway.run: Starting Hermes Gateway...`];
  for (let m = 0; m <= hours * 60; m += 5) {
    const at = start + m * 60_000 + 1000;
    const mark = m === 0 && o.baseline !== false ? 'baseline ' : '';
    if (m === 0 && o.baseline === false) continue;
    lines.push(`${stamp(at)} ${w(mbAt(m / 60), m * 60 + 1, mark)}`);
  }
  if (o.shutdown) {
    const at = start + hours * 3_600_000 + 60_000;
    lines.push(`${stamp(at)} ${w(mbAt(hours), hours * 3600 + 60, 'shutdown ')}`);
  }
  return lines;
}

/** The home at `now`: gateway.log's text (the current run is its last), agent.log's hours, one VmRSS sample, a 4 GB host. */
function judge(lines: string[], now: number, rssMib: number, availableMib = 1200) {
  const text = lines.join('\n') + '\n';
  const hours: LogRecord[] = parseLogText(text);
  const ev = buildEvidence({
    text,
    now: now - hours.at(-1)!.ts,
    overrides: {
      now,
      memory: {
        pid: PID,
        samples: [{ at: now, rssKib: rssMib * MIB }],
        ceiling: { kib: (rssMib + availableMib) * MIB, source: 'host', totalKib: 4096 * MIB },
      },
      hermes: {
        version: { version: '0.21.3', source: 'identify', generation: 'current', restampsUpdatedAt: false },
        hours,
      },
    },
  });
  return runDetectors(ev, SETTINGS).filter((f) => f.check === 'memory_growth');
}

describe("memory_growth from Hermes' own [MEMORY] lines (a cold look)", () => {
  for (const [name, w] of [
    ['the reference wording (`[MEMORY] baseline rss=300MB`, `rss=1500MB`)', REFERENCE],
    ['a decimal figure (`rss=1500.0MB`)', DECIMAL],
  ] as const)
    it(`a slow climb on a 4 GB host, seen from one look: ${name}`, () => {
      // 300 MB → 1500 MB over 6 h (200 MB/h), still climbing; the process stands at 1500 MB now, 1200 MB left.
      const lines = life(T0, 6, (h) => 300 + 200 * h, w, { baseline: w === REFERENCE });
      const now = T0 + 6 * 3_600_000 + 120_000;
      const [f] = judge(lines, now, 1500);
      expect(f).toBeDefined();
      expect(f!.severity).toBe('warning');
      expect(f!.restart).toBe('wait');
      // Hermes' critical line on a 4 GB host: 205 MB available (5 %), ~1000 MB of RSS away at 200 MB/h: about 5 h.
      expect(f!.title).toMatch(/1500 MB now, Hermes' memory turns critical in about 5 h/);
      expect(f!.evidence.join('\n')).toMatch(/\[MEMORY\] .*rss=1500(\.0)?MB/);
      expect(f!.evidence.join('\n')).toMatch(/VmRSS now is 1500 MB, at that peak/);
      expect(wordEvidence('zh-CN', f!).join('\n')).toContain('[MEMORY] 行');
    });

  it('a sawtooth across nightly restarts, each life levelling off, is no climb (the current life is level)', () => {
    const levelled = (h: number) => Math.min(900, 300 + 300 * h);
    const day = 24 * 3_600_000;
    const lines = [
      ...life(T0 - 2 * day, 23.9, levelled, REFERENCE, { shutdown: true }),
      ...life(T0 - day, 23.9, levelled, REFERENCE, { shutdown: true }),
      ...life(T0, 10, levelled, REFERENCE),
    ];
    expect(judge(lines, T0 + 10 * 3_600_000 + 120_000, 900)).toEqual([]);
  });

  it('an earlier life that climbed until it was stopped says nothing of the current one', () => {
    const lines = [
      ...life(T0 - 8 * 3_600_000, 6, (h) => 300 + 200 * h, REFERENCE, { shutdown: true }),
      ...life(T0, 1.5, () => 310, REFERENCE),
    ];
    expect(judge(lines, T0 + 1.5 * 3_600_000 + 120_000, 310)).toEqual([]);
  });

  it('a peak the process has fallen from (VmRSS now far under it) is no current climb', () => {
    const lines = life(T0, 6, (h) => 300 + 200 * h, REFERENCE);
    expect(judge(lines, T0 + 6 * 3_600_000 + 120_000, 420)).toEqual([]);
  });

  it('the same words quoted in chat, under another logger, are no memory line', () => {
    const lines = life(T0, 6, (h) => 300 + 200 * h, REFERENCE).map((l) =>
      l
        .replace('INFO gateway.memory_monitor: ', "INFO gateway.run: inbound message: platform=telegram user=ops msg='")
        .concat(l.includes('[MEMORY]') ? "'" : ''),
    );
    expect(judge(lines, T0 + 6 * 3_600_000 + 120_000, 1500)).toEqual([]);
  });
});
