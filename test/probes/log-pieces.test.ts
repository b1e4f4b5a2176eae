// A busy log's reads are handed on as pieces of whole lines, and the run tracker (with its news test) and the flood
// meter pass over the runner's traffic in them with native regex runs instead of a JavaScript step per line. Whatever
// is not that traffic must still be seen exactly as line by line: each case below runs the same lines both ways and
// compares.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunTracker, type RunTracker } from '../../src/probes/run-tracker.js';
import { newestInbound, trafficInboundPlatform } from '../../src/probes/log-traffic.js';
import { isNewsLine } from '../../src/probes/line-news.js';
import { createFloodMeter, normaliseLine, normaliseLines } from '../../src/probes/log-flood.js';
import { createLineDecoder } from '../../src/probes/line-decoder.js';
import { START_MESSAGE } from '../../src/probes/log-parse.js';
import { TEST_DIR } from '../helpers/paths.js';
import { rng } from '../helpers/rng.js';

const fixtureLines = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort()
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n'));

/** Every line of the gateway.log fixtures: records of every kind, tracebacks, QQ traffic, start lines, blank lines. */
const OTHERS = [
  ...fixtureLines(path.join(TEST_DIR, 'fixtures', 'logs')),
  ...fixtureLines(path.join(TEST_DIR, 'fixtures', 'hermes')),
];

// The runner's traffic as test/fixtures/hermes/inbound-messages.log has it, and the shapes its header and message allow.
const stamp = (i: number) =>
  `2026-06-22 08:${String(Math.floor(i / 60000) % 60).padStart(2, '0')}:${String(Math.floor(i / 1000) % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')}`;
const TRAFFIC: ((t: string) => string)[] = [
  (t) =>
    `${t} INFO gateway.run: inbound message: platform=qqbot user=A37B46B0A04E3326D727DFD81FCFEBA9 chat=A37B46B0A04E3326D727DFD81FCFEBA9 msg='服务器状态怎么样' reply_to_id=None reply_to_text=''`,
  (t) =>
    `${t} INFO gateway.run: response ready: platform=qqbot chat=A37B46B0A04E3326D727DFD81FCFEBA9 time=7.4s api_calls=2 response=186 chars`,
  (t) =>
    `${t} INFO gateway.run: inbound message: platform=feishu user=ou_7d3a1f9e2b4c6d8e0f1a2b3c4d5e6f70 chat=oc_5e2f7a9c1d3b8e6f0a4c2d9e7b1f3a5c msg='my salary is 12k, keep it secret' reply_to_id=om_x100b4c2e9f0a1d3b reply_to_text='what do you earn?'`,
  (t) =>
    `${t} DEBUG gateway.run: inbound message: platform=telegram user=42 chat=42 msg='hi' reply_to_id=None reply_to_text=''`,
  (t) =>
    `${t} INFO [s-1f2e] gateway.run: inbound message: platform=qqbot.c2c user=A37B chat=A37B msg='tagged' reply_to_id=None reply_to_text=''`,
  (t) =>
    `${t} INFO gateway.run: inbound message: user=A37B chat=A37B msg='no platform named' reply_to_id=None reply_to_text=''`,
  (t) =>
    `${t} INFO gateway.run: inbound message: platform= user=A37B msg='platform=feishu' reply_to_id=None reply_to_text=''`,
  (t) =>
    `${t} INFO gateway.run: inbound message: platform=qqbotx user=A37B chat=A37B msg='a longer name' reply_to_id=None reply_to_text=''`,
  (t) => `${t} INFO gateway.run: inbound message:platform=feishu msg='no space'`,
  (t) =>
    `${t} INFO gateway.run: response ready: platform=feishu chat=oc_5e2f time=0.9s api_calls=1 response=12 chars\r`,
  (t) =>
    `${t} INFO gateway.run: inbound message: platform=feishu user=ou_1 chat=oc_1 msg='crlf' reply_to_id=None reply_to_text=''\r`,
  (t) =>
    `${t} INFO gateway.run: inbound message: platform=feishu user=ou_1 msg='a\u2028separator' reply_to_id=None reply_to_text=''`,
  (t) =>
    `${t} INFO [unclosed gateway.run: response ready: platform=qqbot chat=A37B time=1.0s api_calls=1 response=1 chars`,
];

/**
 * Traffic with, between runs of 0-80 traffic lines, the fixtures' lines in order (a traceback stays with its record).
 * `starts`: with their start lines, each of which begins a new run (and the batch holding one goes line by line).
 */
function sequence(seed: number, mostly: number, starts = true): string[] {
  const others = starts ? OTHERS : OTHERS.filter((l) => !l.endsWith(START_MESSAGE));
  const r = rng(seed);
  const out: string[] = [];
  let t = 0;
  const traffic = () => {
    const k = r() < 0.7 ? mostly : Math.floor(r() * TRAFFIC.length);
    out.push(TRAFFIC[k]!(stamp(t++)));
  };
  let o = 0;
  while (o < others.length) {
    for (let n = Math.floor(r() * 80); n > 0; n--) traffic();
    for (let n = 1 + Math.floor(r() * 4); n > 0 && o < others.length; n--) out.push(others[o++]!);
  }
  for (let n = 0; n < 300; n++) traffic();
  return out;
}

/** `lines` in batches of 1-400 lines, as pushLines takes them and as pieces of 1-50 lines each. */
function batches(seed: number, lines: string[]): { lines: string[]; pieces: string[] }[] {
  const r = rng(seed);
  const out: { lines: string[]; pieces: string[] }[] = [];
  for (let i = 0; i < lines.length; ) {
    const batch = lines.slice(i, i + 1 + Math.floor(r() * 400));
    i += batch.length;
    const pieces: string[] = [];
    for (let j = 0; j < batch.length; ) {
      const n = 1 + Math.floor(r() * 50);
      pieces.push(batch.slice(j, j + n).join('\n'));
      j += n;
    }
    out.push({ lines: batch, pieces });
  }
  return out;
}

const tracker = (): RunTracker =>
  createRunTracker(
    { file: 'gateway.log', run: [], previous: [], runStartSeen: false },
    { head: 4, tail: 30, important: 50, previous: 6 },
  );
const seen = (tr: RunTracker) => ({ view: tr.view(), dropped: tr.dropped() });

describe('pieces of whole lines, the traffic passed over natively', () => {
  it.each([
    [1, 0, false],
    [2, 1, false],
    [3, 2, false],
    [4, 4, false],
    [5, 12, false],
    [6, 5, true],
    [7, 0, true],
  ])(
    'the run tracker sees every line as line by line (seed %i, mostly traffic shape %i, start lines: %s)',
    (seed, mostly, starts) => {
      const byLine = tracker();
      const byPiece = tracker();
      // A view settles the tail (parses what it holds): compared after every batch with start lines, else after every
      // third, so that batches also meet a tail no view has settled (and the traffic kept from the batch before).
      const every = starts ? 1 : 3;
      batches(seed, sequence(seed, mostly, starts)).forEach((b, k) => {
        byLine.pushLines(b.lines);
        byPiece.pushText(b.pieces);
        if (k % every === 0) expect(seen(byPiece)).toEqual(seen(byLine));
      });
      expect(seen(byPiece)).toEqual(seen(byLine));
      if (starts) return;
      // Not a vacuous comparison: lines passed through, and records other than traffic were kept from among them.
      expect(byLine.dropped()).toBeGreaterThan(100);
      expect(byLine.view().run.filter((r) => r.level === 'WARNING' || r.level === 'ERROR').length).toBeGreaterThan(5);
      expect(Object.keys(byLine.view().inboundDropped ?? {}).length).toBeGreaterThan(0);
    },
  );

  it.each(OTHERS.filter((l) => l.trim()).map((l) => [l]))('no traffic run swallows %s', (line) => {
    // A kept record passing through the tail unread between two runs of traffic, as one piece.
    const lines = [
      ...Array.from({ length: 60 }, (_, i) => TRAFFIC[i % 3]!(stamp(i))),
      line,
      ...Array.from({ length: 60 }, (_, i) => TRAFFIC[i % 2]!(stamp(100 + i))),
    ];
    const byLine = tracker();
    const byPiece = tracker();
    byLine.pushLines(lines);
    const news = byPiece.pushText([lines.join('\n')]);
    expect(seen(byPiece)).toEqual(seen(byLine));
    expect(news).toBe(lines.some((l) => isNewsLine(l, undefined)));
  });

  it('the news test and the flood meter agree with their line-by-line forms', () => {
    const byLine = createFloodMeter({ file: 'gateway.log', startedAt: 0, samplePerBucket: 700 });
    const byPiece = createFloodMeter({ file: 'gateway.log', startedAt: 0, samplePerBucket: 700 });
    const tr = tracker();
    let at = 0;
    for (const b of batches(7, sequence(7, 0))) {
      expect(tr.pushText(b.pieces)).toBe(b.lines.some((l) => isNewsLine(l, undefined)));
      at += 1000;
      byLine.push(b.lines, at);
      byPiece.pushText(b.pieces, at);
      expect(byPiece.snapshot(at)).toEqual(byLine.snapshot(at));
    }
    // Only the runner's traffic at INFO, pieces ending in a blank line, the empty piece: no news (nothing reads a
    // blank line); the runner's traffic at DEBUG is.
    const plain = [TRAFFIC[0]!(stamp(1)), TRAFFIC[1]!(stamp(2))].join('\n');
    expect(tr.pushText([plain, plain])).toBe(false);
    expect(tr.pushText([plain + '\n'])).toBe(false);
    expect(tr.pushText([''])).toBe(false);
    expect(tr.pushText([plain, TRAFFIC[3]!(stamp(3))])).toBe(true);
    // In one run of the runner's traffic: lines ending in `\r` are not news, one at DEBUG amid INFO lines is.
    expect(tr.pushText([[plain, TRAFFIC[9]!(stamp(3)), plain, TRAFFIC[10]!(stamp(4)), plain].join('\n')])).toBe(false);
    expect(tr.pushText([[plain, TRAFFIC[9]!(stamp(3)), TRAFFIC[3]!(stamp(4)), plain].join('\n')])).toBe(true);
  });

  it.each([
    ['every fixture line', OTHERS],
    ['traffic', TRAFFIC.map((f, i) => f(stamp(i)))],
    [
      'a stamp and blanks only, ids at line ends, a separator',
      [
        '2026-06-22 08:00:00,000   ',
        '2026-06-22 08:00:00,000 \r',
        '   ',
        'deadbeef01\u2028x 2026-06-22 08:00:00,000 a',
        '0b1e2c3d-4a5b-6c7d-8e9f-0a1b2c3d4e5f',
        '12.5.7 abcdef12',
      ],
    ],
    ['a line longer than a key', [TRAFFIC[0]!(stamp(0)), `${stamp(1)} INFO x: ${'ab12 '.repeat(100)}`]],
  ])('the flood meter normalises lines joined as one by one: %s', (_name, lines) => {
    expect(normaliseLines(lines)).toEqual(lines.map(normaliseLine));
  });

  it.each([
    ['one platform: its newest line', [0, 1, 0, 1], { qqbot: 2 }],
    ['each platform its own newest', [0, 2, 1, 0, 3, 2, 1], { qqbot: 3, feishu: 5, telegram: 4 }],
    ['a name that only starts like another', [0, 7, 1], { qqbot: 0, qqbotx: 1 }],
    ['none named: none', [1, 5, 8, 9], {}],
    ['the first platform= that names one, as trafficInboundPlatform reads it', [6, 0], { feishu: 0, qqbot: 1 }],
    ['a session tag and DEBUG', [4, 3, 1], { 'qqbot.c2c': 0, telegram: 1 }],
    ['a CR before the newline is not part of the line', [10, 1], { feishu: 0 }],
  ] as const)('newest inbound per platform: %s', (_name, shapes, want) => {
    const lines = shapes.map((k, i) => TRAFFIC[k]!(stamp(i)));
    const got = Object.fromEntries(
      [...newestInbound(lines.join('\n') + '\n')].map(([p, raw]) => [
        p,
        lines.findIndex((l) => l.replace(/\r$/, '') === raw),
      ]),
    );
    expect(got).toEqual(want);
  });

  it.each([1, 2, 3, 4])(
    'newest inbound per platform: as each line reads, in the order first named (seed %i)',
    (seed) => {
      // The shapes a run of traffic holds (TRAFFIC_RUN's: not the last two, a separator and an unclosed tag).
      const tricky: ((t: string) => string)[] = [
        ...TRAFFIC.slice(0, -2),
        // The runner's inbound header inside a message, naming another platform than the line's.
        (t) =>
          `${t} INFO gateway.run: inbound message: platform=qqbot user=A chat=A msg='gateway.run: inbound message: platform=feishu x'`,
        (t) => `${t} INFO gateway.run: inbound message: platform=qq.bot-x user=B chat=B msg='dots and a dash'`,
        (t) => `${t} INFO gateway.run: inbound message: user=C platform=weixin chat=C msg='platform named second'`,
        (t) => `${t} INFO gateway.run: response ready: platform=weixin chat=C time=0.1s api_calls=1 response=3 chars`,
      ];
      const r = rng(seed);
      const lines = Array.from({ length: 400 }, (_, i) =>
        tricky[Math.floor(r() * (r() < 0.5 ? 2 : tricky.length))]!(stamp(i)),
      );
      const want = new Map<string, string>();
      for (const l of lines) {
        const p = trafficInboundPlatform(l);
        if (p) want.set(p, l.replace(/\r$/, ''));
      }
      const got = newestInbound(lines.join('\n') + (seed % 2 ? '\n' : ''));
      expect([...got]).toEqual([...want]);
      expect(got.size).toBeGreaterThan(3);
    },
  );

  it('the decoder hands pieces that join to the lines it hands one by one, multi-byte and over-long lines too', () => {
    const r = rng(9);
    const lines = Array.from({ length: 3000 }, (_, i) =>
      i % 97 === 0
        ? 'x'.repeat(70_000)
        : i % 5 === 0
          ? `${stamp(i)} INFO gateway.run: 服务器 ${i}`
          : TRAFFIC[i % 3]!(stamp(i)),
    );
    const bytes = Buffer.from(lines.join('\n') + '\n');
    const one = createLineDecoder(64 * 1024);
    const many = createLineDecoder(64 * 1024);
    const byLine: string[] = [];
    const byPiece: string[] = [];
    for (let at = 0; at < bytes.length; ) {
      const n = 1 + Math.floor(r() * 300_000);
      const chunk = bytes.subarray(at, at + n);
      byLine.push(...one.take(chunk, at));
      byPiece.push(...many.take(chunk, at, true).flatMap((p) => p.split('\n')));
      at += chunk.length;
      expect(many.lineOff).toBe(one.lineOff);
    }
    expect(byPiece).toEqual(byLine);
  });
});
