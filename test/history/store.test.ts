// The history on disk: written atomically once a minute while it changes, read back by the next start; a file of a
// format this version does not know (a later gatewatch's) is set aside, not misread; a target with no history yet is
// seeded from the timeline state.json kept before (format 0).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { emptyHistory } from '../../src/history/model.js';
import { historyFile, openHistory } from '../../src/history/store.js';
import { manualClock } from '../helpers/clock.js';

const log = pino({ level: 'silent' });
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'gw-history-'));

describe('history store', () => {
  it('saves within a minute of a change and the next start reads it back', async () => {
    const dir = tmp();
    const clock = manualClock();
    const a = await openHistory({ stateDir: dir, targets: ['default'], log, clock });
    a.observe('default', { qqbot: 'up' });
    a.incidentOpened('default', {
      id: 'i1',
      check: 'qq_dead',
      title: 'QQ dead',
      severity: 'critical',
      firstAt: clock.now(),
      alertAt: clock.now(),
    });
    const at = clock.now();
    a.restarted('default', { at, ok: true, actor: 'gatewatch' });
    expect(existsSync(historyFile(dir, 'default'))).toBe(false);
    await clock.advance(60_000);
    const saved = JSON.parse(readFileSync(historyFile(dir, 'default'), 'utf8'));
    expect(saved).toMatchObject({ version: 1, target: 'default', platforms: { qqbot: [[expect.any(Number), 'up']] } });
    a.stop();
    const b = await openHistory({ stateDir: dir, targets: ['default'], log, clock });
    expect(b.get('default').platforms).toEqual(saved.platforms);
    // The incidents and restarts of before are there too (a restarted gatewatch shows them).
    expect(b.get('default').incidents.map((i) => i.id)).toEqual(['i1']);
    expect(b.get('default').restarts).toEqual([{ at, ok: true, actor: 'gatewatch' }]);
  });

  it('saves a look that only watched on every ten minutes, a change within the minute', async () => {
    const dir = tmp();
    const clock = manualClock();
    const h = await openHistory({ stateDir: dir, targets: ['default'], log, clock });
    const file = historyFile(dir, 'default');
    const seenAt = () => JSON.parse(readFileSync(file, 'utf8')).seenAt;
    h.observe('default', { qqbot: 'up' });
    await clock.advance(60_000);
    const first = seenAt();
    // Looks a minute apart that change nothing: the file is not written for them each time.
    for (let i = 0; i < 5; i++) {
      await clock.advance(60_000);
      h.observe('default', { qqbot: 'up' });
    }
    expect(seenAt()).toBe(first);
    await clock.advance(10 * 60_000);
    expect(seenAt()).toBe(first + 6 * 60_000);
    // A change after such a look is saved within the minute, with the time watched until it.
    h.observe('default', { qqbot: 'up' });
    h.observe('default', { qqbot: 'down' });
    await clock.advance(60_000);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.platforms.qqbot.at(-1)[1]).toBe('down');
    expect(saved.seenAt).toBe(clock.now() - 60_000);
    // Stopped: what it watched is saved at once, as before.
    await clock.advance(30_000);
    h.observe('default', { qqbot: 'down' });
    h.stop();
    await h.save();
    expect(seenAt()).toBe(clock.now());
  });

  it('keeps no history of a target it does not watch (an Alertmanager pseudo-target)', async () => {
    const dir = tmp();
    const clock = manualClock();
    const h = await openHistory({ stateDir: dir, targets: ['default'], log, clock });
    h.incidentOpened('alertmanager:web-1', {
      id: 'x',
      check: 'am',
      title: 'x',
      severity: 'critical',
      firstAt: 0,
      alertAt: 0,
    });
    await clock.advance(60_000);
    await h.save();
    expect(h.targets()).toEqual([]);
    expect(existsSync(path.join(dir, 'history'))).toBe(false);
  });

  it("sets aside a later version's file and starts afresh; seeds a target with none from the old timeline", async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'history'));
    writeFileSync(historyFile(dir, 'future'), JSON.stringify({ version: 2, target: 'future', spans: [] }));
    const clock = manualClock();
    const t = clock.now();
    const h = await openHistory({
      stateDir: dir,
      targets: ['future', 'old'],
      log,
      clock,
      legacy: {
        old: {
          qqbot: [
            [t - 3_600_000, 'up'],
            [t - 600_000, 'down'],
          ],
        },
      },
    });
    expect(h.get('future').platforms).toEqual({});
    expect(
      readdirSync(path.join(dir, 'history')).some((f) => f.startsWith('future.json.') && f !== 'future.json'),
    ).toBe(true);
    expect(h.get('old')).toMatchObject({
      since: t - 3_600_000,
      platforms: {
        qqbot: [
          [t - 3_600_000, 'up'],
          [t - 600_000, 'down'],
        ],
      },
    });
  });

  it('a history directory that is a symbolic link is neither read nor written through: the save fails to the state_dir health', async () => {
    const dir = tmp();
    const elsewhere = tmp();
    writeFileSync(
      path.join(elsewhere, 'default.json'),
      JSON.stringify({ ...emptyHistory('default', 1), platforms: { planted: [[1, 'up']] } }),
    );
    symlinkSync(elsewhere, path.join(dir, 'history'));
    const clock = manualClock();
    const reports: [string, unknown][] = [];
    const health = { report: (file: string, err?: unknown) => void reports.push([file, err]) };
    const h = await openHistory({ stateDir: dir, targets: ['default'], log, clock, health: health as never });
    expect(h.get('default').platforms).toEqual({});
    h.observe('default', { qqbot: 'up' });
    await h.save();
    h.stop();
    expect(readdirSync(elsewhere)).toEqual(['default.json']);
    expect(JSON.parse(readFileSync(path.join(elsewhere, 'default.json'), 'utf8')).platforms).toEqual({
      planted: [[1, 'up']],
    });
    expect(reports.at(-1)?.[0]).toBe(historyFile(dir, 'default'));
    expect(String(reports.at(-1)?.[1])).toMatch(/history is a symbolic link/);
  });

  it('read-only (the CLI) never sets a file aside: it says why it did not read it', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'history'));
    writeFileSync(historyFile(dir, 'default'), '{"version":1,"tar');
    const said: [string, string][] = [];
    const h = await openHistory({
      stateDir: dir,
      targets: ['default'],
      log,
      clock: manualClock(),
      readOnly: true,
      unreadable: (file, u) => void said.push([file, u.why]),
    });
    expect(h.get('default').platforms).toEqual({});
    expect(readdirSync(path.join(dir, 'history'))).toEqual(['default.json']);
    expect(said).toEqual([[historyFile(dir, 'default'), 'corrupt']]);
  });
});

describe('a history file that cannot be read', () => {
  it.each([
    ['truncated mid-write', (s: string) => s.slice(0, s.length / 2)],
    ['not JSON at all', () => '\u0000\u0001 garbage'],
  ])(
    '%s: set aside, said in the log, never rebuilt from the old timeline (no planned stop turned into downtime)',
    async (_what, damage) => {
      const dir = tmp();
      const clock = manualClock();
      const t = clock.now();
      mkdirSync(path.join(dir, 'history'));
      // A week of history with a planned stop in it, and the same hours in state.json's old up/down timeline, where
      // that stop reads as "down".
      const good = {
        version: 1,
        target: 'default',
        since: t - 7 * 86_400_000,
        seenAt: t,
        platforms: {
          qqbot: [
            [t - 7 * 86_400_000, 'up'],
            [t - 3_600_000, 'stopped'],
            [t - 1_800_000, 'up'],
          ],
        },
        incidents: [
          { id: 'i1', check: 'qq_dead', title: 'QQ dead', severity: 'critical', firstAt: t - 10, alertAt: t - 5 },
        ],
        restarts: [],
      };
      writeFileSync(historyFile(dir, 'default'), damage(JSON.stringify(good)));
      const lines: string[] = [];
      const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) });
      const h = await openHistory({
        stateDir: dir,
        targets: ['default'],
        log: logger,
        clock,
        legacy: {
          default: {
            qqbot: [
              [t - 7 * 86_400_000, 'up'],
              [t - 3_600_000, 'down'],
              [t - 1_800_000, 'up'],
            ],
          },
        },
      });
      // Afresh: no outage invented from the old timeline.
      expect(h.get('default').platforms).toEqual({});
      expect(h.lost).toEqual([
        expect.objectContaining({ target: 'default', file: historyFile(dir, 'default'), keptAs: expect.any(String) }),
      ]);
      expect(readdirSync(path.join(dir, 'history')).some((f) => f.startsWith('default.json.corrupt-'))).toBe(true);
      expect(lines.join('')).toMatch(/history file not read: set aside, starting afresh/);
    },
  );
});

describe('a save of a big history', () => {
  it('writes its file a piece at a time, the loop running between pieces, and the next start reads it all', async () => {
    const dir = tmp();
    const clock = manualClock();
    const a = await openHistory({ stateDir: dir, targets: ['default'], log, clock });
    const names = Array.from({ length: 60 }, (_, p) => `platform_${p}`);
    for (let k = 0; k < 20; k++) {
      a.observe('default', Object.fromEntries(names.map((p, i) => [p, (k + i) % 2 ? 'up' : 'down'])));
      await clock.advance(1_000);
    }
    for (let i = 0; i < 300; i++) {
      const at = clock.now() - 1_000_000 + i;
      a.incidentOpened('default', {
        id: `i${i}`,
        check: 'qq_dead',
        title: 'QQ dead',
        severity: 'critical',
        firstAt: at,
        alertAt: at,
      });
      a.incidentResolved('default', `i${i}`, { at: at + 1 });
      a.restarted('default', { at, ok: true, actor: 'gatewatch' });
    }
    a.stop();
    // Under node's 512 KiB a write: a text made in one piece is written in one (the file is empty, then whole).
    const file = historyFile(dir, 'default');
    const sizes = new Set<number>();
    let saving = true;
    const look = () => {
      const s = statSync(`${file}.${process.pid}.tmp`, { throwIfNoEntry: false });
      if (s) sizes.add(s.size);
      if (saving) setImmediate(look);
    };
    look();
    await a.save();
    saving = false;
    const whole = statSync(file).size;
    expect(whole).toBeLessThan(512 * 1024);
    expect([...sizes].some((s) => s > 0 && s < whole)).toBe(true);
    // The same file as ever: the history's JSON, read back whole by the next start.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(a.get('default'))));
    const b = await openHistory({ stateDir: dir, targets: ['default'], log, clock });
    expect(b.get('default')).toEqual(a.get('default'));
  });
});
