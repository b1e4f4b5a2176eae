// The zone a home's logs are stamped in, told by their last line and the file's last write (src/probes/log-zone.ts):
// the rule on its own, then a history read and a live tail of files whose writer lives elsewhere.
import { appendFile, mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseUpdateLog, probeLifecycle } from '../../src/probes/lifecycle.js';
import { readLogHistory } from '../../src/probes/log-history.js';
import { createLogTail } from '../../src/probes/log-tail.js';
import { hostOffsetAt, lastRecordOf, zoneFromLastLine, zoneOf } from '../../src/probes/log-zone.js';
import { createRunTracker } from '../../src/probes/run-tracker.js';
import { systemClock } from '../../src/util/clock.js';
import { tempDir } from '../helpers/probe-procs.js';

const H = 3600_000;
/** A Hermes line as a writer `offset` from UTC stamps it at `t`. */
const lineAt = (t: number, offset: number, message = 'gateway.run: Press Ctrl+C to stop') =>
  `${new Date(t + offset).toISOString().replace('T', ' ').replace('.', ',').slice(0, 23)} INFO ${message}`;
/** What the rule says of a writer at `offset`: undefined where it is this host's own at `t`. */
const said = (offset: number, t: number) => (offset === hostOffsetAt(t) ? undefined : offset);

const T = Date.UTC(2026, 10, 29, 23, 22, 32, 106);

describe('the zone a last line tells', () => {
  it.each([
    ['UTC+8 (Asia/Shanghai)', 8 * H, 40],
    ['UTC−5 (New York in winter)', -5 * H, 900],
    ['UTC+5:30 (India)', 5.5 * H, 0],
    ['UTC+5:45 (Nepal)', 5.75 * H, 2_000],
    ['UTC+14 (Kiribati)', 14 * H, 10],
    ['UTC−12', -12 * H, 10],
    ['UTC', 0, 10],
  ])('%s: its offset, the line written ms before the file', (_, offset, lag) => {
    expect(zoneFromLastLine(lineAt(T - lag, offset), T)).toBe(said(offset, T));
  });

  it.each([
    ['a file touched 47 s after its last line', lineAt(T - 47_000, 8 * H)],
    ['a file touched 20 minutes after', lineAt(T - 20 * 60_000, 0)],
    ['an offset no zone has (UTC+15)', lineAt(T, 15 * H)],
    ['a last line with no stamp', 'Traceback (most recent call last):'],
    ['a stamp no calendar has', '2026-13-45 25:61:00,000 INFO x: y'],
  ])('%s: says nothing', (_, line) => {
    expect(zoneFromLastLine(line, T)).toBeNull();
  });
});

describe('the last record of a file’s end', () => {
  const record = '2026-11-29 23:22:32,106 ERROR gateway.run: Fatal error in gateway';
  it('is the last line with a stamp: the traceback logged with it follows it in the same write', () => {
    const traceback = ['Traceback (most recent call last):', '  File "run.py", line 9, in main', 'ValueError: x'];
    expect(
      lastRecordOf(['2026-11-29 23:22:31,000 INFO a: b', [record, ...traceback.slice(0, 2)].join('\n'), traceback[2]!]),
    ).toBe(record);
    expect(lastRecordOf([record])).toBe(record);
  });
  it('is none when a line after it is no traceback: a print sent into the log later tells nothing of the record', () => {
    expect(lastRecordOf([record, 'polling telegram...'])).toBeUndefined();
    expect(lastRecordOf([`${record}\nTraceback (most recent call last):\nsession saved`])).toBeUndefined();
  });
  it('the lark SDK’s own stdout line (launchd sends it into gateway.log) is a record too, its stamp the writer’s', () => {
    const lark = '[Lark] [2026-11-30 07:22:40,512] [INFO] connected to wss://msg-frontier.feishu.cn/ws/v2';
    expect(lastRecordOf([record, lark])).toBe(lark);
    expect(zoneFromLastLine(lark, Date.UTC(2026, 10, 29, 23, 22, 41))).toBe(said(8 * H, T));
  });
  it('reads on past a piece that begins a line with its newline', () => {
    expect(lastRecordOf([record, '\n  File "x", line 1'])).toBe(record);
  });
  it('is none when the end holds no stamped line within its last lines', () => {
    expect(
      lastRecordOf(['Traceback (most recent call last):', ...Array(500).fill('  File "x", line 1')]),
    ).toBeUndefined();
    expect(lastRecordOf([record, ...Array(500).fill('  File "x", line 1')])).toBeUndefined();
    expect(lastRecordOf([])).toBeUndefined();
  });
});

describe('update.log’s `<local ISO>` in the writer’s zone', () => {
  const started = (iso: string, zone?: number) =>
    parseUpdateLog([`=== hermes update started ${iso} ===`, '✓ Update complete!'], T, zone)?.startedAt;
  it('a zone the folder told', () => {
    expect(started('2026-11-29T18:22:32.106000', -5 * H)).toBe(T);
    expect(started('2026-11-30T07:22:32.106', 8 * H)).toBe(T);
  });
  it('one the stamp carries itself, whatever the folder said', () => {
    expect(started('2026-11-30T07:22:32.106+08:00', -5 * H)).toBe(T);
  });
});

/** gateway.log in a folder of its own, `lines` in it, last written at `written`, as Hermes leaves it. */
async function gatewayLog(lines: string[], written: number): Promise<string> {
  const logs = path.join(await tempDir('gw-zone-'), 'logs');
  await mkdir(logs);
  const file = path.join(logs, 'gateway.log');
  await writeFile(file, `${lines.join('\n')}\n`);
  await utimes(file, new Date(), new Date(written));
  return file;
}

/** `lines` added to `file`, the last written at `written`. */
async function append(file: string, lines: string[], written: number): Promise<void> {
  await appendFile(file, `${lines.join('\n')}\n`);
  await utimes(file, new Date(), new Date(written));
}

/** A history read of a log begun in this host's zone two minutes ago, then its tail, as the daemon follows a log. */
async function followed(chunkBytes?: number) {
  const first = Date.now() - 120_000;
  const file = await gatewayLog([lineAt(first, 0, 'gateway.run: Starting Hermes Gateway...')], first);
  const history = await readLogHistory(file);
  expect(zoneOf(file)).toBe(said(0, first));
  const tracker = createRunTracker(history);
  const tail = createLogTail({
    file,
    clock: systemClock,
    position: history.position,
    ...(chunkBytes ? { chunkBytes } : {}),
    onLines: (lines) => void tracker.pushText(lines),
    onError: (e) => {
      throw e;
    },
  });
  tails.push(tail);
  return { file, first, tracker, tail };
}

const tails: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const t of tails.splice(0)) await t.stop();
});

describe.runIf(process.platform === 'linux')('a log written in another zone', () => {
  it('a history read learns the zone from the file and reads its lines in it', async () => {
    const now = Date.now();
    const file = await gatewayLog(
      [
        lineAt(now - 60_000, 8 * H, 'gateway.run: Starting Hermes Gateway...'),
        lineAt(now - 1_000, 8 * H, 'gateway.platforms.feishu: [Feishu] Connected in websocket mode'),
      ],
      now - 1_000,
    );
    const h = await readLogHistory(file);
    expect(zoneOf(file)).toBe(said(8 * H, now));
    expect(h.run.map((r) => r.ts)).toEqual([now - 60_000, now - 1_000]);
  });

  it('a gateway five hours behind that died with a long traceback: its last record, before the traceback, tells', async () => {
    const now = Date.now();
    const file = await gatewayLog(
      [
        lineAt(now - 60_000, -5 * H, 'gateway.run: Starting Hermes Gateway...'),
        lineAt(now - 30_000, -5 * H, 'gateway.run: Fatal error in gateway'),
        'Traceback (most recent call last):',
        ...Array.from({ length: 75 }, (_, i) => [
          `  File "/opt/hermes/gateway/m${i}.py", line 4, in f`,
          '    g()',
        ]).flat(),
        'During handling of the above exception, another exception occurred:',
        'asyncio.exceptions.CancelledError',
      ],
      now - 30_000,
    );
    const h = await readLogHistory(file);
    expect(zoneOf(file)).toBe(said(-5 * H, now));
    expect(h.run.map((r) => r.ts)).toEqual([now - 60_000, now - 30_000]);
  });

  it('a live tail learns it from the lines it reads, before it reads them: a gateway started again in another zone', async () => {
    const { file, first, tracker, tail } = await followed();
    // Started again with TZ=Asia/Tokyo: its new lines nine hours ahead of the last ones.
    const now = Date.now();
    await append(
      file,
      [
        lineAt(now - 2_000, 9 * H, 'gateway.run: Starting Hermes Gateway...'),
        lineAt(now - 1_000, 9 * H, 'gateway.run: Press Ctrl+C to stop'),
      ],
      now - 1_000,
    );
    await tail.readNow();
    expect(zoneOf(file)).toBe(said(9 * H, now));
    const v = tracker.view();
    expect(v.run.map((r) => r.ts)).toEqual([now - 2_000, now - 1_000]);
    expect(v.previous.map((r) => r.ts)).toEqual([first]);
  });

  it('a tail far behind learns the zone at the file’s end before it reads the chunks up to it', async () => {
    const { file, tracker, tail } = await followed(4096);
    const now = Date.now();
    const chatter = Array.from({ length: 200 }, (_, i) =>
      lineAt(now - 2_000, 9 * H, `gateway.platforms.feishu: [Feishu] heartbeat ${i} ${'x'.repeat(40)}`),
    );
    await append(
      file,
      [lineAt(now - 3_000, 9 * H, 'gateway.run: Starting Hermes Gateway...'), ...chatter, lineAt(now - 1_000, 9 * H)],
      now - 1_000,
    );
    await tail.readNow();
    const v = tracker.view();
    expect(v.run[0]!.ts).toBe(now - 3_000);
    expect(v.run.at(-1)!.ts).toBe(now - 1_000);
  });

  it('update.log read before any reader of gateway.log (a served profile’s root): gateway.log tells its zone first', async () => {
    const now = Date.now();
    const file = await gatewayLog(
      [lineAt(now - 5_000, 9 * H, 'gateway.run: Gateway stopped (total teardown 0.52s)')],
      now - 5_000,
    );
    const logs = path.dirname(file);
    const iso = new Date(now - 60_000 + 9 * H).toISOString().slice(0, 23);
    await writeFile(path.join(logs, 'update.log'), `=== hermes update started ${iso} ===\n✓ Update complete!\n`);
    const ev = await probeLifecycle(path.dirname(logs), { gatewayDown: true });
    expect(ev.lastUpdate?.startedAt).toBe(now - 60_000);
  });
});
