// The live watch judges a healthy gateway again only for news (src/probes/line-news.ts): a line some detector may read.
// Message traffic and the records no detector reads are passed over (a busy Hermes writes mostly those), so every case
// of the detector table must find the same causes without the latter: a detector reading a line it did not register
// fails here, not in the field as an alert that came a schedule late.
import { describe, expect, it } from 'vitest';
import { formatRecord } from '../../src/demo/hermes-log.js';
import { runGroups } from '../../src/detectors/common.js';
import { runDetectors } from '../../src/detectors/index.js';
import { isNewsLine } from '../../src/probes/line-news.js';
import { DETECTOR_CASES, ids } from '../helpers/detector-cases.js';
import { buildEvidence, SETTINGS } from '../helpers/evidence.js';
import { unread, withoutUnread } from '../helpers/unread.js';

const at = Date.UTC(2026, 10, 22, 8, 0, 0);
const QQ = 'gateway.platforms.qqbot.adapter';
const rec = (level: Parameters<typeof formatRecord>[1], logger: string, msg: string) =>
  formatRecord(at, level, logger, msg);
/** `line` with a session tag after its level, as Hermes writes one inside an agent session. */
const tagged = (line: string) => line.replace(/^(\S+ \S+ [A-Z]+)/, '$1 [20261122_080000_ab12cd]');

describe('isNewsLine', () => {
  it.each([
    // Read by nobody: the line the real v0.17 QQ adapter writes after every message
    // (test/fixtures/hermes/real-v0.17-error-reply.log).
    [rec('INFO', QQ, '[QQBot:102000111] After processing: images=0, voice=0'), false],
    [rec('DEBUG', QQ, '[QQBot:102000111] After processing: images=0, voice=0'), false],
    // Message traffic (log-traffic.ts).
    [
      rec('INFO', QQ, "[QQBot:102000111] C2C message: id=ROBOT1.0_PGjkssecEqFFqi6S! content='hello' attachments=None"),
      false,
    ],
    [
      rec(
        'INFO',
        'gateway.run',
        "inbound message: platform=qqbot user=U1 chat=U1 msg='hello' reply_to_id=None reply_to_text=''",
      ),
      false,
    ],
    ['', false],
    // The same behind a session tag (`%(levelname)s%(session_tag)s`): read by nobody, then read.
    [tagged(rec('INFO', QQ, '[QQBot:102000111] After processing: images=0, voice=0')), false],
    [tagged(rec('INFO', QQ, '[QQBot:102345678] Reconnected')), true],
    // News: what a detector reads, what a run keeps, what is not a plain record.
    [
      rec(
        'DEBUG',
        'gateway.run',
        "inbound message: platform=qqbot user=U1 chat=U1 msg='hello' reply_to_id=None reply_to_text=''",
      ),
      true,
    ],
    [rec('WARNING', QQ, '[QQBot:102000111] After processing: images=0, voice=0'), true],
    [rec('ERROR', QQ, '[QQBot:102345678] Max reconnect attempts reached'), true],
    [rec('INFO', QQ, '[QQBot:102345678] Reconnected'), true],
    [rec('INFO', QQ, '[QQBot:102345678] Access token refreshed, expires in 7200s'), true],
    [rec('INFO', 'gateway.platforms.base', '[QQBot] Sending response (129 chars) to U1'), true],
    [rec('INFO', 'gateway.run', 'Channel directory built: 4 target(s)'), true],
    [`${rec('INFO', QQ, '[QQBot:102345678] Reconnected')}\r`, true],
    ['Traceback (most recent call last):', true],
    ['garbage \u0000\u0001 not a record', true],
  ])('%s → %s', (line, news) => {
    expect(isNewsLine(line, runGroups)).toBe(news);
  });

  it('without the detectors’ classes, every line but traffic and blank lines is news', () => {
    expect(isNewsLine(rec('INFO', QQ, '[QQBot:102000111] After processing: images=0, voice=0'), undefined)).toBe(true);
    expect(
      isNewsLine(rec('INFO', QQ, "[QQBot:102000111] C2C message: id=x content='hi' attachments=None"), undefined),
    ).toBe(false);
  });
});

describe('a record no detector reads changes no finding', () => {
  it('every detector case finds the same causes without the unread records of its log', () => {
    let stripped = 0;
    for (const c of DETECTOR_CASES) {
      const ev = buildEvidence(c.ev);
      const settings = { ...SETTINGS, ...c.settings };
      stripped += [...ev.log.run, ...ev.log.previous].filter(unread).length;
      expect(ids(runDetectors(withoutUnread(ev), settings)), c.name).toEqual(ids(runDetectors(ev, settings)));
    }
    // Not vacuous: the fixtures' logs hold such records.
    expect(stripped).toBeGreaterThan(50);
  });
});
