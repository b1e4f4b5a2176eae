// A count in a text takes its plural form: "1 incident", "3 incidents", never "1 incidents" or "incident(s)". English
// has one and other; Chinese needs none and says the number as it is.
import { describe, expect, it } from 'vitest';
import { en } from '../../src/text/en.js';
import { t } from '../../src/i18n.js';

describe('plurals', () => {
  it('says one and many in English, and the count as it is in Chinese', () => {
    expect(t('en', 'ack.done', { count: 1 })).toBe('Acknowledged 1 incident');
    expect(t('en', 'ack.done', { count: 3 })).toBe('Acknowledged 3 incidents');
    expect(t('en', 'status.headline.problems', { count: 1 })).toBe('1 problem');
    expect(t('en', 'status.headline.problems', { count: '2' })).toBe('2 problems');
    expect(t('en', 'alert.escalate.did_not_stick', { used: 1, window: '1h' })).toBe(
      '1 automatic restart in the last 1h did not stick:',
    );
    expect(t('en', 'logs.title', { target: 'gw', count: 1 })).toBe('gw: last 1 line of gateway.log');
    expect(t('en', 'finding.respawn_storm.title', { count: 1, window: '10m' })).toBe(
      'Gateway is crash-looping: 1 start in 10m',
    );
    expect(t('zh-CN', 'ack.done', { count: 1 })).toMatch(/1/);
    expect(t('zh-CN', 'status.headline.problems', { count: 3 })).toMatch(/3/);
  });

  it('no English text words a count as "(s)"', () => {
    // Hermes' own line, quoted as it logs it, is the one exception.
    const quoted = /Gateway running with (\{count\}|N) platform\(s\)/;
    expect(
      Object.entries(en)
        .filter(([, v]) => /\{\w+\}[^{}.]*?\w\(s\)/.test(v.replace(quoted, '')))
        .map(([k]) => k),
    ).toEqual([]);
  });
});
