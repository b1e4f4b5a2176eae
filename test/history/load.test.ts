// Reading a history at and past its bound: the daemon keeps no more than the bound whatever the file holds (a file
// of the bound before it was a target's, 100 platforms of 3,000 changes, held 27 MB of arrays; a hand-made one more),
// gives the loop a turn between slices of the work, and writes the file's words through the redactor.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { compact } from '../../src/history/record.js';
import { DAY_MS, HISTORY_VERSION, type Change, type TargetHistory } from '../../src/history/model.js';
import { historyFile, openHistory } from '../../src/history/store.js';
import { readHistory } from '../../src/history/load.js';
import { manualClock } from '../helpers/clock.js';

const log = pino({ level: 'silent' });
const NOW = Date.UTC(2026, 10, 25, 9, 0);
const STATES = ['up', 'down', 'deaf', 'up', 'unknown'] as const;
/** The bound of a target's changes in all (record.ts MAX_TARGET_CHANGES). */
const TARGET_CHANGES = 10_000;

/** `platforms` platforms of `n` changes each over the last 89 days, with `entries` incidents and restarts. */
function big(platforms: number, n: number, entries = 1_000): TargetHistory {
  const t0 = NOW - 89 * DAY_MS;
  return {
    version: HISTORY_VERSION,
    target: 'default',
    since: t0,
    seenAt: NOW - 1_000,
    platforms: Object.fromEntries(
      Array.from({ length: platforms }, (_, p) => [
        `platform_${p}`,
        Array.from({ length: n }, (_, i): Change => [t0 + Math.floor((i * 89 * DAY_MS) / n) + p, STATES[i % 5]!]),
      ]),
    ),
    incidents: Array.from({ length: entries }, (_, i) => ({
      id: `qq_dead:${i}`,
      check: 'qq_dead',
      platform: `platform_${i % platforms}`,
      title: 'QQ gave up reconnecting',
      severity: 'critical' as const,
      firstAt: t0 + i * 1_000,
      alertAt: t0 + i * 1_000 + 500,
      recoveredAt: t0 + i * 1_000 + 900,
    })),
    restarts: Array.from({ length: entries }, (_, i) => ({
      at: t0 + i * 1_000 + 600,
      ok: i % 2 === 0,
      actor: 'gatewatch',
    })),
  };
}

function stateDirWith(h: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-history-load-'));
  mkdirSync(path.join(dir, 'history'));
  writeFileSync(historyFile(dir, 'default'), JSON.stringify(h));
  return dir;
}

const changesOf = (h: TargetHistory) => Object.values(h.platforms).reduce((n, l) => n + l.length, 0);

/** Turns of the loop (setImmediate callbacks) while `work` runs. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const value = await work();
  done = true;
  return { value, turns };
}

describe('reading a history at and past its bound', () => {
  it('a file of the old bound (100 platforms of 3,000 changes) keeps no more than the bound: what compact keeps of it', async () => {
    const file = big(100, 3_000);
    const dir = stateDirWith(file);
    const clock = manualClock(NOW);
    const { value: store, turns } = await turnsDuring(() =>
      openHistory({ stateDir: dir, targets: ['default'], log, clock }),
    );
    const h = store.get('default');
    expect(changesOf(h)).toBeLessThanOrEqual(TARGET_CHANGES);
    expect(h.platforms).toEqual(compact(structuredClone(file), NOW).platforms);
    expect(h.incidents).toEqual(file.incidents);
    expect(h.restarts).toEqual(file.restarts);
    // 300,000 changes read in slices of about 10,000: the loop turns between them.
    expect(turns).toBeGreaterThanOrEqual(25);
    store.stop();
  });

  it('a file larger than any gatewatch writes costs no more than the bound: platforms, changes and entries past it are not kept', async () => {
    const file = big(150, 20, 5_000);
    file.platforms.platform_0 = big(1, 40_000).platforms.platform_0!;
    const dir = stateDirWith(file);
    const store = await openHistory({ stateDir: dir, targets: ['default'], log, clock: manualClock(NOW) });
    const h = store.get('default');
    expect(Object.keys(h.platforms)).toHaveLength(100);
    expect(h.platforms.platform_0!.length).toBeLessThanOrEqual(3_000);
    // The newest are the ones kept.
    expect(h.platforms.platform_0!.at(-1)).toEqual(file.platforms.platform_0!.at(-1));
    expect(changesOf(h)).toBeLessThanOrEqual(TARGET_CHANGES);
    expect(h.incidents).toEqual(file.incidents.slice(-1_000));
    expect(h.restarts).toEqual(file.restarts.slice(-1_000));
    store.stop();
  });

  it('saves within the bound, its words through the redactor, and reads back what it saved', async () => {
    const secret = 'sk-abcdefghijklmnopqrstuvwxyz0123456789';
    const file = big(100, 3_000, 10);
    file.incidents[0]!.title = `QQ refused ${secret}`;
    file.platforms[`ops:${secret}`] = [[NOW - DAY_MS, 'up']];
    const dir = stateDirWith(file);
    const clock = manualClock(NOW);
    const a = await openHistory({ stateDir: dir, targets: ['default'], log, clock });
    a.observe('default', { platform_0: 'up' });
    await a.save();
    a.stop();
    const text = readFileSync(historyFile(dir, 'default'), 'utf8');
    expect(text).not.toContain('sk-abc');
    expect(text).toContain('QQ refused ***');
    const b = await openHistory({ stateDir: dir, targets: ['default'], log, clock });
    const saved = a.get('default');
    expect(b.get('default').platforms).toEqual(
      Object.fromEntries(Object.entries(saved.platforms).map(([p, l]) => [p.replace(secret, '***'), l])),
    );
    expect(b.get('default').incidents[0]!.title).toBe('QQ refused ***');
    b.stop();
  });

  it('sets aside a file cut short or of another shape, and reads one whose keys come in another order', async () => {
    const whole = JSON.stringify(big(2, 10, 2));
    for (const bad of [
      whole.slice(0, -40),
      whole.replace('"up"]', '"sideways"]'),
      whole.replace('"ok":true', '"ok":1'),
    ]) {
      const dir = stateDirWith({});
      writeFileSync(historyFile(dir, 'default'), bad);
      const store = await openHistory({ stateDir: dir, targets: ['default'], log, clock: manualClock(NOW) });
      expect(store.get('default').platforms).toEqual({});
      expect(existsSync(historyFile(dir, 'default'))).toBe(false);
      store.stop();
    }
    const { platforms, ...rest } = big(2, 10, 2);
    const dir = stateDirWith({ extra: { nested: [1, '"]'] }, platforms, ...rest });
    const store = await openHistory({ stateDir: dir, targets: ['default'], log, clock: manualClock(NOW) });
    expect(store.get('default').platforms).toEqual(platforms);
    store.stop();
  });
});

describe('an incident kept with its write-up (issue 55 item 12)', () => {
  it('is read back as it was saved: its number, times, steps and evidence; a part it cannot read is left out, not the entry', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-hist-writeup-'));
    const clock = manualClock(NOW);
    const first = await openHistory({ stateDir: dir, targets: ['default'], log, clock });
    const entry = first.incidentOpened('default', {
      id: 'default:state_stale_running@x',
      check: 'state_stale_running',
      title: 'Gateway died',
      severity: 'critical',
      firstAt: NOW - 60_000,
      alertAt: NOW - 59_000,
      detectedAt: NOW - 59_000,
      firstUncertain: true,
      cause: 'killed',
      evidence: ['2026-11-25 08:59:00,000 INFO gateway.run: Gateway housekeeping started (interval=60s)'],
    });
    expect(entry.n).toBe(1);
    first.incidentResolved('default', entry.id, {
      at: NOW,
      writeUp: {
        by: 'hermes',
        steps: [
          {
            at: NOW - 58_000,
            what: 'restart',
            actor: 'gatewatch',
            ok: true,
            endedAt: NOW - 30_000,
            partial: ['qqbot'],
          },
          { at: NOW, what: 'hermes_reconnected', platform: 'qqbot' },
        ],
        endTitle: 'QQ cannot be reached',
        endPlatform: 'qqbot',
        evidence: ['WARNING … Reconnect failed'],
      },
    });
    await first.save();
    const raw = JSON.parse(readFileSync(historyFile(dir, 'default'), 'utf8'));
    raw.incidents.push({
      ...raw.incidents[0],
      id: 'other',
      n: 2,
      steps: [{ at: 'never', what: 'restart' }],
      evidence: 7,
    });
    writeFileSync(historyFile(dir, 'default'), JSON.stringify(raw));
    const again = await openHistory({ stateDir: dir, targets: ['default'], log, clock });
    const [kept, odd] = again.get('default').incidents;
    expect(kept).toEqual(first.get('default').incidents[0]);
    expect(kept!.evidence).toHaveLength(2);
    expect(odd).toMatchObject({ id: 'other', n: 2, steps: [] });
    expect(odd!.evidence).toBeUndefined();
    // The next one is numbered after the newest kept.
    expect(again.incidentOpened('default', { ...kept!, id: 'third', recoveredAt: undefined }).n).toBe(3);
  });
});

describe('a history file read a piece at a time', () => {
  /** A history whose words are Chinese and emoji (3 and 4 bytes a character), with quotes and backslashes in them. */
  function worded(): TargetHistory {
    const h = big(4, 40, 6);
    h.platforms['飞书·群聊'] = [
      [NOW - 2 * DAY_MS, 'up'],
      [NOW - DAY_MS, 'down'],
    ];
    h.incidents[1]!.title = '飞书 "掉线" 了 🚨 \\ 重连失败 \\"';
    h.incidents[2]!.platform = '飞书·群聊';
    return h;
  }
  const read = async (file: string, chunkBytes?: number) =>
    readHistory(file, 'default', { now: NOW, pause: async () => {}, ...(chunkBytes ? { chunkBytes } : {}) });

  it('loads whole and the same at any piece size: a character cut by a piece, a string or a change split by one', async () => {
    const h = worded();
    // What gatewatch writes, a hand-edited (indented) copy, and one with a key this version does not know.
    const texts = [
      JSON.stringify(h),
      JSON.stringify(h, null, 2),
      JSON.stringify({ note: { why: 'kept "aside" \\ 备注 ✅', list: [1, [2, '"]'], { a: null }] }, ...h }),
    ];
    const expected = compact(structuredClone(h), NOW);
    for (const text of texts) {
      const dir = stateDirWith({});
      const file = historyFile(dir, 'default');
      writeFileSync(file, text);
      const whole = await read(file, 64 * 1024 * 1024);
      expect(whole).toEqual(expected);
      for (const chunk of [1, 2, 3, 5, 7, 64, 1000]) expect(await read(file, chunk)).toEqual(whole);
    }
  });

  it('says a file cut short or of another shape as such at any piece size', async () => {
    const whole = JSON.stringify(worded());
    for (const [text, why] of [
      [whole.slice(0, -40), 'corrupt'],
      [whole.slice(0, whole.indexOf('飞书 "') + 2), 'corrupt'],
      [whole.replace('"up"]', '"sideways"]'), 'format'],
      [whole.replace('"ok":true', '"ok":1'), 'format'],
    ] as const) {
      const dir = stateDirWith({});
      const file = historyFile(dir, 'default');
      writeFileSync(file, text);
      for (const chunk of [1, 3, 64 * 1024]) expect(await read(file, chunk)).toEqual({ why });
    }
  });

  it('pauses as it goes through a long value, a piece at a time, not once past it', async () => {
    // 16 MB of text under a key this version does not read: one string, nothing in it to parse.
    const dir = stateDirWith({ notes: 'x'.repeat(16 * 1024 * 1024), ...big(2, 10, 2) });
    let pauses = 0;
    const h = await readHistory(historyFile(dir, 'default'), 'default', {
      now: NOW,
      pause: async () => void pauses++,
    });
    expect(h).toMatchObject({ target: 'default', platforms: { platform_0: expect.any(Array) } });
    // 64 pieces of 256 KB, some 500,000 units of work (32 characters each): a pause at least every other piece.
    expect(pauses).toBeGreaterThanOrEqual(30);
  });
});
