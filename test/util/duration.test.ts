// Durations in the reader's units (issue 51 item 5): English keeps `2m 29s`, zh-CN reads 2 分钟 29 秒, also where the
// duration was worded before the reader's locale was known (a finding's `{ago}`, a hold's cooldown, a restart's time).
import { describe, expect, it } from 'vitest';
import { clockSpan, formatDuration, localDuration, parseDuration } from '../../src/util/duration.js';
import { t } from '../../src/i18n.js';
import { heldAlert, restartAlert } from '../../src/delivery/alerts.js';
import { renderText } from '../../src/delivery/render-text.js';
import type { RestartHold, RestartRecord } from '../../src/actions/restart-policy.js';
import { latinDurations } from '../helpers/latin-durations.js';

const at = Date.parse('2026-06-22T08:00:00Z');

describe('durations', () => {
  it('English as it was; zh-CN in Chinese units', () => {
    expect([1_000, 149_000, 3_900_000, 2 * 86_400_000].map((ms) => formatDuration(ms))).toEqual([
      '1s',
      '2m 29s',
      '1h 5m',
      '2d',
    ]);
    expect(formatDuration(149_000, 'zh-CN')).toBe('2 分钟 29 秒');
    expect(localDuration('2m 29s', 'zh-CN')).toBe('2 分钟 29 秒');
    expect(localDuration('2m 29s', 'en')).toBe('2m 29s');
    // Only a whole duration: a word, an id or a list is not one.
    for (const s of ['2m29s', 'v0.17', '24h、7d 或 30d', 'HTTP 502', 'qq 5s ago'])
      expect(localDuration(s, 'zh-CN')).toBe(s);
    expect(parseDuration('2m')).toBe(120_000);
  });

  it('a duration handed to a zh-CN text in English is said in Chinese units', () => {
    expect(t('zh-CN', 'alert.back.gateway', { target: 'gw', by: 'x', downtime: '2m 29s' })).toContain('2 分钟 29 秒');
    expect(t('en', 'alert.back.gateway', { target: 'gw', by: 'x', downtime: '2m 29s' })).toContain('down 2m 29s');
  });

  it('a held restart and a verified one, in zh-CN, carry no Latin unit', () => {
    const holds: RestartHold[] = [
      { code: 'cooldown', until: at + 96_000, last: at - 24_000, cooldownMs: 120_000 },
      { code: 'drain', agents: 2, until: at + 120_000, drainMs: 120_000 },
    ];
    for (const h of holds) expect(latinDurations(renderText(heldAlert('gw', h, 'zh-CN', at).reply))).toEqual([]);
    const rec: RestartRecord = {
      target: 'gw',
      at,
      ok: true,
      actor: 'gatewatch',
      reason: 'state_stale_running',
      durationMs: 1_000,
      outcome: { kind: 'verified', platforms: ['feishu', 'qqbot'] },
    };
    const ok = restartAlert(rec, 'ok', 'zh-CN', at + 1_000);
    expect(latinDurations(renderText(ok.reply))).toEqual([]);
  });
});

describe('a span as its clock times show it (issue 61)', () => {
  it('is the whole seconds between the two times as shown, so that parts add up to the whole', () => {
    const t0 = Date.UTC(2026, 5, 22, 12, 0, 3, 700);
    // 12:00:03.7 → 12:00:04.1 reads 12:00:03 → 12:00:04: one second, not the 0.4 s a rounding says (0s).
    expect(clockSpan(t0, t0 + 400)).toBe(1_000);
    // Its parts: 12:00:03 → 12:00:04 → 12:00:06, one second and two, three in all.
    expect(clockSpan(t0, t0 + 2_900)).toBe(3_000);
    expect(clockSpan(t0, t0 + 400) + clockSpan(t0 + 400, t0 + 2_900)).toBe(clockSpan(t0, t0 + 2_900));
    expect(clockSpan(t0 + 1_000, t0)).toBe(0);
  });
});
