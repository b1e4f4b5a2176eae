import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readLogHistory } from '../../src/probes/log-history.js';
import { createRunTracker } from '../../src/probes/run-tracker.js';
import { parseLogLines } from '../../src/probes/log-parse.js';
import { TEST_DIR } from '../helpers/paths.js';
import { buildEvidence } from '../helpers/evidence.js';
import { openTurns } from '../../src/detectors/open-turns.js';
import { formatRecord } from '../../src/demo/hermes-log.js';
import { createLineDecoder } from '../../src/probes/line-decoder.js';

const SAMPLE = path.join(TEST_DIR, 'fixtures/hermes/gateway-sample.log');

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gw-tracker-'));
  file = path.join(dir, 'gateway.log');
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const START = (t = '08:00:01,204') => `2026-06-22 ${t} INFO gateway.run: Starting Hermes Gateway...`;
const line = (msg: string, level = 'INFO', logger = 'gateway.platforms.qqbot.adapter') =>
  `2026-06-22 09:00:00,000 ${level} ${logger}: ${msg}`;

describe('run tracker views', () => {
  it('a view after the tail moved on through traffic alone is all records, none left unparsed', () => {
    // The tail is compacted once as many lines as it holds have left it; a view before that must not make the next one
    // take the lines now at the front for parsed ones (a busy log's check crashed on a string among the records).
    const tr = createRunTracker(
      { file: 'gateway.log', run: [], previous: [], runStartSeen: false },
      { head: 2, tail: 5 },
    );
    const line = (i: number) =>
      `2026-06-22 08:12:${String(i % 60).padStart(2, '0')},341 INFO gateway.run: response ready: platform=qqbot chat=A37B time=1.2s api_calls=1 response=${i} chars`;
    let i = 0;
    for (let round = 0; round < 6; round++) {
      tr.pushLines(Array.from({ length: 4 + round }, () => line(i++)));
      const run = tr.view().run;
      expect(run.every((r) => typeof r === 'object' && r.message.startsWith('response ready:'))).toBe(true);
      expect(run.map((r) => r.message.split('response=')[1])).toEqual(
        [0, 1, ...Array.from({ length: Math.min(5, i - 2) }, (_, k) => i - Math.min(5, i - 2) + k)].map(
          (n) => `${n} chars`,
        ),
      );
    }
  });
});

describe('run tracker', () => {
  it('moves the run into previous when a new start line arrives', async () => {
    await fs.copyFile(SAMPLE, file);
    const tracker = createRunTracker(await readLogHistory(file));
    tracker.pushLines([
      line('Received SIGTERM — initiating shutdown', 'INFO', 'gateway.run'),
      line('Stopping gateway...', 'INFO', 'gateway.run'),
      START('14:00:00,000'),
      line('Connecting to qqbot...', 'INFO', 'gateway.run'),
    ]);
    const v = tracker.view();
    expect(v.runStartSeen).toBe(true);
    expect(v.run.map((r) => r.message)).toEqual(['Starting Hermes Gateway...', 'Connecting to qqbot...']);
    expect(v.run[0]!.line).toBe(START('14:00:00,000'));
    expect(v.previous.at(-1)!.message).toBe('Stopping gateway...');
    expect(v.previous.some((r) => r.message === 'Gateway running with 2 platform(s)')).toBe(true);
  });

  it('a run without a seen start becomes previous at the first start line', () => {
    const tracker = createRunTracker({
      file,
      run: parseLogLines([line('a'), line('b')]),
      previous: [],
      runStartSeen: false,
    });
    expect(tracker.view().runStartSeen).toBe(false);
    tracker.pushLines([START()]);
    expect(tracker.view().previous.map((r) => r.message)).toEqual(['a', 'b']);
    expect(tracker.view().runStartSeen).toBe(true);
  });

  it('attaches continuation lines that arrive in a later batch', () => {
    const tracker = createRunTracker({ file, run: [], previous: [], runStartSeen: false });
    tracker.pushLines([
      START(),
      line('[Feishu] Send error: boom', 'ERROR', 'gateway.platforms.feishu'),
      'Traceback (most recent call last):',
    ]);
    tracker.pushLines(['  File "x.py", line 1, in send', 'RuntimeError: boom', 'garbage that is not a record']);
    const err = tracker.view().run[1]!;
    expect(err.extra).toEqual([
      'Traceback (most recent call last):',
      '  File "x.py", line 1, in send',
      'RuntimeError: boom',
    ]);
    expect(tracker.view().run).toHaveLength(2);
  });

  it('stays bounded over a long run, keeping the start, important records and the tail in order', () => {
    const tracker = createRunTracker(
      { file, run: [], previous: [], runStartSeen: false },
      { head: 50, tail: 200, important: 100 },
    );
    tracker.pushLines([START()]);
    for (let i = 0; i < 20_000; i++) {
      const ts = new Date(2026, 5, 22, 9, 0, 0, 0).getTime() + i * 1000;
      const d = new Date(ts);
      const stamp = `2026-06-22 ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')},000`;
      const msg =
        i % 1000 === 0
          ? `WARNING gateway.platforms.qqbot.adapter: [QQBot:1] WebSocket closed: code=4009 n=${i}`
          : `INFO gateway.run: inbound message: n=${i}`;
      tracker.pushLines([`${stamp} ${msg}`]);
    }
    const run = tracker.view().run;
    expect(run.length).toBeLessThanOrEqual(50 + 100 + 200);
    expect(run[0]!.message).toBe('Starting Hermes Gateway...');
    expect(run.at(-1)!.message).toBe('inbound message: n=19999');
    // Every warning from the dropped middle is kept.
    expect(run.filter((r) => r.level === 'WARNING')).toHaveLength(20);
    for (let i = 1; i < run.length; i++) expect(run[i]!.ts).toBeGreaterThanOrEqual(run[i - 1]!.ts);
    expect(tracker.dropped()).toBeGreaterThan(19_000);
  });

  it('remembers the last inbound message per platform among the records it dropped, until a new run starts', () => {
    const tracker = createRunTracker(
      { file, run: [], previous: [], runStartSeen: false },
      { head: 5, tail: 20, important: 10 },
    );
    tracker.pushLines([START()]);
    const at = (s: number) => {
      const d = new Date(new Date(2026, 5, 22, 9, 0, 0, 0).getTime() + s * 1000);
      return `2026-06-22 ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')},000`;
    };
    // The head (start and four more) stays whatever comes: the inbound lines come after it.
    for (let i = 0; i < 4; i++)
      tracker.pushLines([`${at(0)} INFO gateway.run: Gateway housekeeping started (interval=60s)`]);
    tracker.pushLines([
      `${at(0)} INFO gateway.run: inbound message: platform=whatsapp user=4915112345678 chat=4915112345678 msg='hi' reply_to_id=None reply_to_text=''`,
    ]);
    tracker.pushLines([
      `${at(10)} INFO [20260622_090010_ab12cd] gateway.run: inbound message: platform=telegram user=581234907 chat=581234907 msg='a' reply_to_id=None reply_to_text=''`,
    ]);
    tracker.pushLines([
      `${at(20)} INFO gateway.run: inbound message: platform=telegram user=581234907 chat=581234907 msg='b' reply_to_id=None reply_to_text=''`,
    ]);
    // At DEBUG, with a traceback after it, and one that only quotes an inbound line (a response is no inbound).
    tracker.pushLines([
      `${at(25)} DEBUG gateway.run: inbound message: platform=slack user=U1 chat=C1 msg='x' reply_to_id=None reply_to_text=''`,
      'Traceback (most recent call last):',
      'ValueError: x',
    ]);
    tracker.pushLines([
      `${at(26)} INFO gateway.run: response ready: said "gateway.run: inbound message: platform=discord" platform= time=1.0s`,
    ]);
    for (let i = 0; i < 100; i++)
      tracker.pushLines([
        `${at(30 + i)} INFO gateway.run: response ready: platform=telegram chat=581234907 time=1.0s api_calls=1 response=12 chars`,
      ]);
    const v = tracker.view();
    expect(v.run.some((r) => r.message.startsWith('inbound message:'))).toBe(false);
    expect(v.inboundDropped).toEqual({
      whatsapp: new Date(2026, 5, 22, 9, 0, 0).getTime(),
      telegram: new Date(2026, 5, 22, 9, 0, 20).getTime(),
      slack: new Date(2026, 5, 22, 9, 0, 25).getTime(),
    });
    tracker.pushLines([START('10:00:00,000')]);
    expect(tracker.view().inboundDropped).toBeUndefined();
  });

  it("hands what it dropped on to the live watch's own tracker, which a newer dropped line updates", () => {
    // gatewatch reads a run's history with one tracker and tails on with another, made from its view (target-log.ts):
    // a busy gateway's last Feishu message, dropped by the first, was lost there, and Feishu was called silent since
    // the start (test/e2e/inbound-dropped.test.ts).
    const first = createRunTracker(
      { file, run: [], previous: [], runStartSeen: false },
      { head: 1, tail: 2, important: 10 },
    );
    const inbound = (s: number, p: string) =>
      `2026-06-22 09:00:${String(s).padStart(2, '0')},000 INFO gateway.run: inbound message: platform=${p} user=u1 chat=c1 msg='m' reply_to_id=None reply_to_text=''`;
    const ts = (s: number) => new Date(2026, 5, 22, 9, 0, s).getTime();
    first.pushLines([START(), inbound(1, 'feishu'), inbound(2, 'qqbot'), inbound(3, 'qqbot'), inbound(4, 'qqbot')]);
    const view = first.view();
    expect(view.inboundDropped).toEqual({ feishu: ts(1), qqbot: ts(2) });
    const next = createRunTracker(view, { head: 1, tail: 2, important: 10 });
    expect(next.view().inboundDropped).toEqual({ feishu: ts(1), qqbot: ts(2) });
    next.pushLines([inbound(5, 'qqbot'), inbound(6, 'qqbot'), inbound(7, 'qqbot')]);
    expect(next.view().inboundDropped).toEqual({ feishu: ts(1), qqbot: ts(5) });
    next.pushLines([START('10:00:00,000')]);
    expect(next.view().inboundDropped).toBeUndefined();
  });

  it('tells apart platforms whose names begin alike, one inbound line after another', () => {
    const tracker = createRunTracker(
      { file, run: [], previous: [], runStartSeen: false },
      { head: 1, tail: 2, important: 10 },
    );
    tracker.pushLines([START()]);
    const inbound = (s: number, p: string) =>
      `2026-06-22 09:00:${String(s).padStart(2, '0')},000 INFO gateway.run: inbound message: platform=${p} user=u1 chat=c1 msg='m' reply_to_id=None reply_to_text=''`;
    const ts = (s: number) => new Date(2026, 5, 22, 9, 0, s).getTime();
    const names = ['qqbot', 'qqbot', 'qq', 'qqbot.v2', 'qqbot', 'qq-x', 'qq', 'qqbot_2'];
    tracker.pushLines([
      ...names.map((p, i) => inbound(i + 1, p)),
      `${START().slice(0, 23)} INFO gateway.run: response ready: platform=qq time=1s`,
      `${START().slice(0, 23)} INFO gateway.run: response ready: platform=qq time=1s`,
    ]);
    expect(tracker.view().inboundDropped).toEqual({
      qqbot: ts(5),
      qq: ts(7),
      'qqbot.v2': ts(4),
      'qq-x': ts(6),
      qqbot_2: ts(8),
    });
  });

  it('keeps exactly what parsing every line would keep, though it parses only what stays', async () => {
    // Every kind of line: session tags, DEBUG, tracebacks after kept and after dropped records, connection words in
    // INFO records of other loggers, lifecycle noise and not, garbage, a start line mid-stream, odd chunking.
    const sample = (await fs.readFile(SAMPLE, 'utf8')).split('\n');
    const lines: string[] = [];
    for (let i = 0; i < 6_000; i++) {
      const t = `2026-06-22 09:${String(Math.floor(i / 100) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')}`;
      const k = i % 23;
      if (k === 0)
        lines.push(
          `${t} ERROR gateway.platforms.qqbot.adapter: boom ${i}`,
          'Traceback (most recent call last):',
          '  File "x.py", line 1',
          `ValueError: bad ${i}`,
        );
      else if (k === 1)
        lines.push(
          `${t} INFO [sess-${i}] gateway.run: inbound message: n=${i}`,
          '    continued under a dropped record',
        );
      else if (k === 2) lines.push(`${t} INFO gateway.run: Gateway running with 2 platform(s) n=${i}`);
      else if (k === 3) lines.push(`${t} DEBUG gateway.platforms.feishu: websocket reconnect scheduled n=${i}`);
      else if (k === 4) lines.push(`${t} INFO [s] gateway.platforms.qqbot.adapter: [QQBot:1] Session resumed n=${i}`);
      else if (k === 5) lines.push('garbage that is no record', '');
      else if (k === 6) lines.push(`${t} INFO gateway.run: response ready: platform=qqbot n=${i}\r`);
      else if (i === 3_001) lines.push(START(t.slice(11)));
      else if (k === 7) lines.push(sample[i % sample.length]!);
      else lines.push(`${t} INFO tools.browser: page loaded n=${i}`);
    }
    const caps = { head: 40, tail: 300, important: 150, previous: 60 };
    const eager = createRunTracker({ file, run: [], previous: [], runStartSeen: false }, caps);
    const lazy = createRunTracker({ file, run: [], previous: [], runStartSeen: false }, caps);
    let prev;
    for (let i = 0, n = 1; i < lines.length; i += n, n = ((n * 7) % 997) + 1) {
      const batch = lines.slice(i, i + n);
      const recs = parseLogLines(batch, prev);
      prev = recs.at(-1) ?? prev;
      eager.push(recs);
      lazy.pushLines(batch);
      if (n % 5 === 0) expect(lazy.view()).toEqual(eager.view()); // views in between settle part of the tail early
    }
    expect(lazy.view()).toEqual(eager.view());
    expect(lazy.dropped()).toBe(eager.dropped());
    expect(lazy.view().previous.length).toBe(60);
    expect(lazy.view().run.some((r) => r.extra?.includes('Traceback (most recent call last):'))).toBe(true);
  });

  it('clears a missing-file error once lines arrive', () => {
    const tracker = createRunTracker({ file, run: [], previous: [], runStartSeen: false, error: 'log file not found' });
    expect(tracker.view().error).toBe('log file not found');
    tracker.pushLines([START()]);
    expect(tracker.view().error).toBeUndefined();
  });

  it('hands out only records after more message traffic than its tail holds went by since the last view', () => {
    const tracker = createRunTracker(
      { file, run: [], previous: [], runStartSeen: false },
      { head: 2, tail: 10, important: 5 },
    );
    tracker.pushLines([
      START(),
      ...[1, 2, 3, 4].map((i) => line(`[Feishu] card update ${i} sent`, 'INFO', 'gateway.platforms.feishu')),
    ]);
    tracker.view(); // parses the tail's lines
    // A busy gateway's traffic on a healthy gateway is not judged line by line: no view until the schedule's.
    tracker.pushLines(
      Array.from({ length: 30 }, (_, i) =>
        line(`inbound message: platform=qqbot user=A37B chat=A37B msg='hello ${i}'`, 'INFO', 'gateway.run'),
      ),
    );
    const run = tracker.view().run;
    expect(run.filter((r) => typeof r !== 'object')).toEqual([]);
    expect(run.map((r) => r.message).slice(-2)).toEqual([
      "inbound message: platform=qqbot user=A37B chat=A37B msg='hello 28'",
      "inbound message: platform=qqbot user=A37B chat=A37B msg='hello 29'",
    ]);
  });
});

describe('a reply the caps dropped still answers a chat the head left waiting (issue 42 item 1)', () => {
  // The head (a run's first 300 records) stays for the whole run; a reply after it passes through the tail and goes
  // with the traffic. A chat whose message sat in the head then read as waiting forever: agent_unanswered, critical.
  const t0 = Date.UTC(2026, 8, 21, 9, 0, 0);
  const IN = (t: number, chat: string) =>
    formatRecord(
      t,
      'INFO',
      'gateway.run',
      `inbound message: platform=telegram user=1 chat=${chat} msg='x' reply_to_id=None`,
    );
  const OUT = (t: number, chat: string) =>
    formatRecord(
      t,
      'INFO',
      'gateway.run',
      `response ready: platform=telegram chat=${chat} time=1.0s api_calls=1 response=10 chars`,
    );
  const SENT = (t: number, chat: string) =>
    formatRecord(t, 'INFO', 'gateway.platforms.base', `[Telegram] Sending response (129 chars) to ${chat}`);
  function lines(answer: (t: number, chat: string) => string): string[] {
    const out = [START('09:00:00,000')];
    for (let i = 1; i < 297; i++) out.push(i % 2 ? IN(t0 + i, 'busy') : OUT(t0 + i, 'busy'));
    // The head's last records: two chats write; one of them is answered only after the head is full.
    out.push(IN(t0 + 1000, 'once'), IN(t0 + 1001, 'never'), OUT(t0 + 1002, 'busy'));
    for (let i = 0; i < 20; i++) out.push(IN(t0 + 1100 + i, 'busy'));
    out.push(answer(t0 + 5000, 'once'));
    for (let i = 0; i < 3000; i++) out.push(i % 2 ? OUT(t0 + 6000 + i * 100, 'busy') : IN(t0 + 6000 + i * 100, 'busy'));
    return out;
  }
  const waitingIn = (view: ReturnType<ReturnType<typeof createRunTracker>['view']>) =>
    openTurns(buildEvidence({ overrides: { log: view, now: t0 + 7_200_000 } })).map((t) => t.first.message);

  it.each([
    ['response ready, handed line by line', OUT, 'lines'],
    ['response ready, handed as pieces (the tailer)', OUT, 'pieces'],
    ['response ready, handed as records', OUT, 'records'],
    ['Sending response (an error text sent back), as pieces', SENT, 'pieces'],
  ] as const)('%s', (_name, answer, how) => {
    const tr = createRunTracker({ file: 'gateway.log', run: [], previous: [], runStartSeen: false });
    const all = lines(answer);
    if (how === 'lines') tr.pushLines(all);
    else if (how === 'records') tr.push(parseLogLines(all));
    else {
      const decoder = createLineDecoder(64 * 1024);
      const buf = Buffer.from(`${all.join('\n')}\n`);
      for (let at = 0; at < buf.length; at += 200_000)
        tr.pushText(decoder.take(buf.subarray(at, at + 200_000), at, true));
    }
    const view = tr.view();
    expect(view.run.some((r) => r.message.includes('chat=once msg'))).toBe(true);
    expect(view.run.some((r) => r.line.includes('once time=') || r.line.endsWith('to once'))).toBe(false);
    expect(view.answeredDropped).toEqual({ 'telegram\nonce': t0 + 5000 });
    // Only the chat nobody answered waits.
    expect(waitingIn(view)).toEqual([expect.stringContaining('chat=never')]);
    // The view handed to the live watch's own tracker (a history read's is): its records replayed, the answers kept.
    const next = createRunTracker(view).view();
    expect(next.answeredDropped).toEqual(view.answeredDropped);
    expect(waitingIn(next)).toEqual([expect.stringContaining('chat=never')]);
  });
});
