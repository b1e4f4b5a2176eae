// How gatewatch watches the demo, and GATEWATCH_DEMO_SETTINGS, with which the end-to-end tests play the demo's stories
// at a faster pace: only the keys a test names change, and the result is a config the schema accepts.
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/channels/config.js';
import { demoTargetConfig, demoWatchSettings } from '../../src/demo/index.js';

const parse = (settings: Record<string, unknown>) =>
  configSchema.parse({ ...settings, targets: [demoTargetConfig('/tmp/gw-demo-settings')] });

describe('demoWatchSettings', () => {
  it("is the demo's pace without GATEWATCH_DEMO_SETTINGS", () => {
    const c = parse(demoWatchSettings({}));
    expect(c.schedule).toBe('*/10 * * * * *');
    expect(c.remediate).toMatchObject({ cooldown: 20_000, verify_timeout: 30_000, max_restarts: 10 });
    expect(c.detect).toMatchObject({
      disconnect_grace: 30_000,
      zombie_after: 60_000,
      storm: { disconnects: 5, within: 60_000 },
    });
  });

  it('lays the keys a test names over it and keeps the rest', () => {
    const c = parse(
      demoWatchSettings({
        GATEWATCH_DEMO_SETTINGS: JSON.stringify({ remediate: { cooldown: '2s' }, schedule: '* * * * * *' }),
      }),
    );
    expect(c.schedule).toBe('* * * * * *');
    expect(c.remediate).toMatchObject({ cooldown: 2_000, verify_timeout: 30_000, max_restarts: 10 });
    expect(c.detect.disconnect_grace).toBe(30_000);
  });

  it('refuses what is not a JSON object, naming the variable', () => {
    expect(() => demoWatchSettings({ GATEWATCH_DEMO_SETTINGS: '{cooldown: 2s' })).toThrow(
      /^GATEWATCH_DEMO_SETTINGS: expected a JSON object/,
    );
    expect(() => demoWatchSettings({ GATEWATCH_DEMO_SETTINGS: '[1]' })).toThrow(
      /^GATEWATCH_DEMO_SETTINGS: expected a JSON object/,
    );
  });
});
