import { describe, expect, it } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, defaultConfig, hermesProfileSuffix, parseConfig } from '../src/config/load.js';
import { parseDuration } from '../src/util/duration.js';

function err(text: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    parseConfig(text, '/etc/gatewatch.yaml', env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('defaults: console channel, ~/.hermes, the Hermes layout under it', () => {
    const c = defaultConfig();
    const t = c.targets[0]!;
    expect(t.hermes_home).toBe(path.join(os.homedir(), '.hermes'));
    expect(t.log_file).toBe(path.join(os.homedir(), '.hermes', 'logs', 'gateway.log'));
    expect(t.state_file).toBe(path.join(os.homedir(), '.hermes', 'gateway_state.json'));
    expect(t.pid_file).toBe(path.join(os.homedir(), '.hermes', 'gateway.pid'));
    expect(c.channels.console).toEqual({});
    expect(c.detect.disconnect_grace).toBe(90_000);
    expect(c.remediate).toMatchObject({ auto_restart: true, max_restarts: 3, window: 3_600_000, cooldown: 120_000, verify_timeout: 90_000 });
  });

  it('reads the documented keys, durations and ${ENV}', () => {
    const c = parseConfig(
      [
        'locale: zh-CN',
        'targets:',
        '  - name: coder',
        '    hermes_home: /srv/.hermes/profiles/coder',
        '    platforms: [qqbot]',
        '    service: { manager: command, restart: [hermes, gateway, restart] }',
        'detect: { disconnect_grace: 2m, storm: { disconnects: 7, within: 15m }, zombie_after: 45m }',
        'channels:',
        '  qq: { app_id: 102345678, client_secret: "${QQ_SECRET}", alert_to: [{ user: A37B46B0 }] }',
      ].join('\n'),
      'c.yaml',
      { QQ_SECRET: 's3cret' },
    );
    expect(c.locale).toBe('zh-CN');
    expect(c.targets[0]).toMatchObject({ name: 'coder', platforms: ['qqbot'], service: { manager: 'command', restart: ['hermes', 'gateway', 'restart'] } });
    expect(c.detect).toMatchObject({ disconnect_grace: 120_000, storm: { disconnects: 7, within: 900_000 }, zombie_after: 2_700_000 });
    expect(c.channels.qq).toMatchObject({ app_id: '102345678', client_secret: 's3cret', api_base: 'https://api.sgroup.qq.com', give_up_after: 1_800_000 });
  });

  it.each([
    ['detect:\n  disconnect_grace: soon\n', 2, 'detect.disconnect_grace', /duration like 90s/],
    ['locale: en\nschedule: "every minute"\n', 2, 'schedule', /cron expression/],
    ['locale: en\nremediate:\n  max_restarts: three\n', 3, 'remediate.max_restarts', /expected number/],
    ['targets:\n  - name: a\n    servce: {}\n', 3, 'targets[0].servce', /unknown key/],
    ['operators:\n  - { name: bob, role: root }\n', 2, 'operators[0].role', /admin|viewer/],
    ['channels:\n  qq:\n    app_id: 1\n', 3, 'channels.qq.client_secret', /missing required key/],
    ['channels:\n  feishu: { app_id: cli_x, app_secret: "${NOPE}" }\n', 2, 'channels.feishu.app_secret', /NOPE is not set/],
    ['targets:\n  - name: a\n    service: { manager: command, restart: "hermes gateway restart" }\n', 3, 'targets[0].service.restart', /argument array/],
  ])('names file, line and key: %j', (text, line, key, expected) => {
    const e = err(text);
    expect(e.file).toBe('/etc/gatewatch.yaml');
    expect(e.line).toBe(line);
    expect(e.key).toBe(key);
    expect(e.message).toMatch(expected);
    expect(e.message).toContain(`/etc/gatewatch.yaml:${line}`);
  });

  it('reports broken YAML with its line', () => {
    const e = err('locale: en\ntargets: [\n  - name\n');
    expect(e.message).toMatch(/invalid YAML/);
    expect(e.line).toBeGreaterThanOrEqual(2);
  });

  it('durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('10')).toBeNull();
    expect(parseDuration('abc')).toBeNull();
  });

  it('derives the Hermes service suffix of a home like Hermes does', () => {
    const home = os.homedir();
    expect(hermesProfileSuffix(path.join(home, '.hermes'))).toBe('');
    expect(hermesProfileSuffix(path.join(home, '.hermes', 'profiles', 'coder'))).toBe('coder');
    expect(hermesProfileSuffix('/opt/hermes')).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe('config.example.yaml', () => {
  it('is a valid config as shipped', async () => {
    const { loadConfigFile } = await import('../src/config/load.js');
    const c = loadConfigFile(path.join(import.meta.dirname, '..', 'config.example.yaml'), {});
    expect(c.targets[0]!.name).toBe('default');
    expect(c.operators[0]).toMatchObject({ name: 'alice', role: 'admin' });
  });
});
