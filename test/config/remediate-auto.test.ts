// remediate.auto (issue 22 item 1): the remedies gatewatch runs by itself. Default: restart and start, as before; an old
// config's auto_restart keeps its meaning; a kind that is not a remedy is a config error naming the key.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { parseConfig } from '../../src/channels/config.js';

describe('remediate.auto', () => {
  it('defaults to restart and start, beside auto_restart', () => {
    expect(parseConfig('locale: en\n').remediate).toMatchObject({ auto_restart: true, auto: ['restart', 'start'] });
    expect(parseConfig('remediate:\n  auto_restart: false\n').remediate).toMatchObject({
      auto_restart: false,
      auto: ['restart', 'start'],
    });
    expect(parseConfig('remediate:\n  auto: [restart, stop_process]\n').remediate.auto).toEqual([
      'restart',
      'stop_process',
    ]);
  });

  it('refuses a kind that is not a remedy', () => {
    let e: unknown;
    try {
      parseConfig('remediate:\n  auto: [reboot]\n');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ConfigError);
    expect(String((e as Error).message)).toContain('remediate.auto');
  });
});
