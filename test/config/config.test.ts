import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, hermesProfileSuffix } from '../../src/config/load.js';
import { defaultConfig, loadConfigFile, parseConfig } from '../../src/channels/config.js';
import { parseDuration } from '../../src/util/duration.js';
import type { QQSettings } from '../../src/chats/qq/plugin.js';
import type { TelegramSettings } from '../../src/chats/telegram/plugin.js';
import { TEST_DIR } from '../helpers/paths.js';
import { systemClock } from '../../src/util/clock.js';

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
  it('a Bark or ntfy url that is no URL at all is a config error on its line, not a crash', () => {
    for (const type of ['bark', 'ntfy']) {
      const e = err(`channels:\n  notifiers:\n    - type: ${type}\n      url: not-a-url\n`);
      expect(e.message).toMatch(new RegExp(`gatewatch.yaml:4: key "channels.notifiers\\[0\\].url": expected`));
    }
  });

  it('defaults: console channel, ~/.hermes, the Hermes layout under it', () => {
    const c = defaultConfig();
    const t = c.targets[0]!;
    expect(t.hermes_home).toBe(path.join(os.homedir(), '.hermes'));
    expect(t.log_file).toBe(path.join(os.homedir(), '.hermes', 'logs', 'gateway.log'));
    expect(t.state_file).toBe(path.join(os.homedir(), '.hermes', 'gateway_state.json'));
    expect(t.pid_file).toBe(path.join(os.homedir(), '.hermes', 'gateway.pid'));
    expect(c.channels.console).toEqual({});
    expect(c.detect.disconnect_grace).toBe(90_000);
    expect(c.remediate).toMatchObject({
      auto_restart: true,
      max_restarts: 3,
      window: 3_600_000,
      cooldown: 120_000,
      verify_timeout: 90_000,
      drain: 120_000,
    });
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
    expect(c.targets[0]).toMatchObject({
      name: 'coder',
      platforms: ['qqbot'],
      service: { manager: 'command', restart: ['hermes', 'gateway', 'restart'] },
    });
    expect(c.detect).toMatchObject({
      disconnect_grace: 120_000,
      storm: { disconnects: 7, within: 900_000 },
      zombie_after: 2_700_000,
    });
    expect(c.detect.expect_inbound).toBeUndefined();
    expect(
      parseConfig('detect:\n  expect_inbound: { telegram: 6h, whatsapp: 30d, feishu: 10m }\n').detect.expect_inbound,
    ).toEqual({ telegram: 6 * 3_600_000, whatsapp: 30 * 86_400_000, feishu: 600_000 });
    expect(c.channels.qq).toMatchObject({
      app_id: '102345678',
      client_secret: 's3cret',
      api_base: 'https://api.sgroup.qq.com',
      give_up_after: 1_800_000,
    });
  });

  it.each([
    ['detect:\n  disconnect_grace: soon\n', 2, 'detect.disconnect_grace', /duration like 90s/],
    ['locale: en\nschedule: "every minute"\n', 2, 'schedule', /cron expression/],
    ['locale: en\nremediate:\n  max_restarts: three\n', 3, 'remediate.max_restarts', /expected a number, got text/],
    ['targets:\n  - name: a\n    servce: {}\n', 3, 'targets[0].servce', /unknown key: did you mean "service"\?/],
    // Issue 61: a slip names the key it was meant to be; a different word only says it is unknown.
    ['shedule: "* * * * *"\n', 1, 'shedule', /did you mean "schedule"\?/],
    ['detect:\n  disconect_grace: 30s\n', 2, 'detect.disconect_grace', /did you mean "disconnect_grace"\?/],
    ['banana: 1\n', 1, 'banana', /"banana": unknown key \(typo\?\)$/],
    // A union no branch of which took the value says what each branch expected, not zod's bare "Invalid input".
    [
      'detect:\n  reachability: "nope"\n',
      2,
      'detect.reachability',
      /expected false or a mapping \(key: value\), got text/,
    ],
    ['operators:\n  - { name: bob, role: root }\n', 2, 'operators[0].role', /admin|viewer/],
    ['channels:\n  qq:\n    app_id: 1\n', 3, 'channels.qq.client_secret', /missing required key/],
    [
      'channels:\n  feishu: { app_id: cli_0123456789abcdef, app_secret: "${NOPE}" }\n',
      2,
      'channels.feishu.app_secret',
      /NOPE is not set/,
    ],
    [
      'targets:\n  - name: a\n    service: { manager: command, restart: "hermes gateway restart" }\n',
      3,
      'targets[0].service.restart',
      /argument array/,
    ],
    // Out-of-range durations: a busy poll, a hair trigger, a timer past Node's 24.8-day limit that fires at once.
    ['liveness_interval: 0s\n', 1, 'liveness_interval', /from 500ms to 1h, got 0s/],
    ['locale: en\nalerts:\n  remind_every: 0s\n', 3, 'alerts.remind_every', /from 1m to 7d, got 0s/],
    [
      'channels:\n  qq:\n    app_id: 1\n    client_secret: s\n    give_up_after: 30d\n',
      5,
      'channels.qq.give_up_after',
      /from 1s to 7d, got 30d/,
    ],
    [
      'channels:\n  feishu: { app_id: cli_0123456789abcdef, app_secret: s, give_up_after: 25d }\n',
      2,
      'channels.feishu.give_up_after',
      /to 7d/,
    ],
    ['detect: { zombie_after: 30d }\n', 1, 'detect.zombie_after', /to 7d/],
    // expect_inbound: a platform name and a duration from 10m (quieter chats are the norm) to 30d.
    ['detect:\n  expect_inbound:\n    telegram: 5m\n', 3, 'detect.expect_inbound.telegram', /from 10m to 30d, got 5m/],
    ['detect:\n  expect_inbound: { whatsapp: always }\n', 2, 'detect.expect_inbound.whatsapp', /duration like 90s/],
    ['detect:\n  expect_inbound: { "Tele gram": 6h }\n', 2, 'detect.expect_inbound.Tele gram', /platform name/],
    ['detect:\n  storm: { within: 0s }\n', 2, 'detect.storm.within', /from 1m/],
    // "Us or them" (issue 44 item 1): the fleet's Prometheus and its keys, the egress host.
    ['fleet:\n  prometheus: http://prom:9090\n  instanse: a:9464\n', 3, 'fleet.instanse', /did you mean "instance"/],
    ['fleet:\n  prometheus: http://prom:9090\n  min_others: 0\n', 3, 'fleet.min_others', /expected 1 or more/],
    ['fleet:\n  instance: a:9464\n', 2, 'fleet.prometheus', /missing required key/],
    ['fleet:\n  prometheus: prom:9090\n', 2, 'fleet.prometheus', /http:|Prometheus server URL/],
    ['detect:\n  egress: www.example.com\n', 2, 'detect.egress', /host this host always reaches/],
    ['detect:\n  disconnect_grace: 0s\n', 2, 'detect.disconnect_grace', /from 1s to 1d/],
    ['detect:\n  slow_tool: 100ms\n', 2, 'detect.slow_tool', /from 1s/],
    ['remediate:\n  window: 10s\n', 2, 'remediate.window', /from 1m to 7d/],
    ['remediate:\n  cooldown: 2d\n', 2, 'remediate.cooldown', /from 0s to 1d/],
    ['remediate:\n  verify_timeout: 500ms\n', 2, 'remediate.verify_timeout', /from 1s to 30m, got 500ms/],
    ['remediate:\n  drain: 2h\n', 2, 'remediate.drain', /from 0s to 1h, got 2h/],
    ['alerts:\n  flap: { within: 8d }\n', 2, 'alerts.flap.within', /to 7d/],
    // A send timeout below a second fails every send on a slow link; above 5 minutes one alert holds its channel.
    ['alerts:\n  send_timeout: 500ms\n', 2, 'alerts.send_timeout', /from 1s to 5m, got 500ms/],
    ['alerts:\n  send_timeout: 10m\n', 2, 'alerts.send_timeout', /from 1s to 5m, got 10m/],
    // The dead man's switch: a 0s period pings in a busy loop; a 30d one overflows Node's timer and fires at once.
    ['deadman: { url: "https://hc-ping.com/x", every: 0s }\n', 1, 'deadman.every', /from 1s to 7d, got 0s/],
    ['deadman:\n  url: https://hc-ping.com/x\n  every: 30d\n', 3, 'deadman.every', /from 1s to 7d, got 30d/],
    ['deadman:\n  url: https://hc-ping.com/x\n  timeout: 100ms\n', 3, 'deadman.timeout', /from 1s to 5m, got 100ms/],
    ['deadman:\n  url: https://hc-ping.com/x\n  timeout: 1h\n', 3, 'deadman.timeout', /from 1s to 5m, got 1h/],
    // The weekly report: a day and a 24-hour time, a zone this Node knows, channels that exist.
    ['report:\n  every: monday 9am\n', 2, 'report.every', /like "mon 09:00"/],
    ['report: { every: "mon 24:00" }\n', 1, 'report.every', /24-hour clock/],
    ['report:\n  every: "fri 17:30"\n  tz: Mars/Olympus\n', 3, 'report.tz', /time zone name/],
    ['report:\n  every: "fri 17:30"\n  to: [pager]\n', 3, 'report.to[0]', /pager/],
    // A Feishu app id the SDK would silently ignore.
    [
      'channels:\n  feishu:\n    app_id: my-app\n    app_secret: s\n',
      3,
      'channels.feishu.app_id',
      /cli_ and 16 hex digits/,
    ],
    // Two targets of one name: the second one's line.
    [
      'targets:\n  - name: a\n    hermes_home: /a\n  - name: a\n    hermes_home: /b\n',
      4,
      'targets[1].name',
      /duplicate target name "a"/,
    ],
  ])('names file, line and key: %j', (text, line, key, expected) => {
    const e = err(text);
    expect(e.file).toBe('/etc/gatewatch.yaml');
    expect(e.line).toBe(line);
    expect(e.key).toBe(key);
    expect(e.message).toMatch(expected);
    expect(e.message).toContain(`/etc/gatewatch.yaml:${line}`);
  });

  it('reads report: every, to, tz', () => {
    const c = parseConfig('report: { every: "Mon 09:00", to: [console], tz: Asia/Shanghai }\n');
    expect(c.report).toEqual({ every: 'Mon 09:00', to: ['console'], tz: 'Asia/Shanghai' });
    expect(parseConfig('locale: en').report).toBeUndefined();
  });

  it('reports broken YAML with its line', () => {
    const e = err('locale: en\ntargets: [\n  - name\n');
    expect(e.message).toMatch(/invalid YAML/);
    expect(e.line).toBeGreaterThanOrEqual(2);
  });

  it('accepts the bounds of every duration range', () => {
    const c = parseConfig(
      [
        'liveness_interval: 500ms',
        'alerts: { remind_every: 1m, flap: { within: 7d }, send_timeout: 5m }',
        'remediate: { cooldown: 0s, verify_timeout: 30m, window: 7d }',
        'detect: { zombie_after: 7d, disconnect_grace: 1s, slow_tool: 1d, storm: { within: 1d } }',
        'channels:',
        '  qq: { app_id: 1, client_secret: s, give_up_after: 7d }',
        'deadman: { url: "https://hc-ping.com/x", every: 1s, timeout: 5m }',
      ].join('\n'),
    );
    expect(c.deadman).toMatchObject({ every: 1_000, timeout: 300_000 });
    expect(parseConfig('deadman: { url: "https://hc-ping.com/x", every: 7d, timeout: 1s }').deadman).toMatchObject({
      every: 7 * 86_400_000,
      timeout: 1_000,
    });
    expect(c.liveness_interval).toBe(500);
    expect(c.alerts.remind_every).toBe(60_000);
    expect(c.alerts.send_timeout).toBe(300_000);
    expect(parseConfig('alerts: { send_timeout: 1s }').alerts.send_timeout).toBe(1_000);
    expect(parseConfig('locale: en').alerts.send_timeout).toBe(10_000);
    expect(c.remediate.cooldown).toBe(0);
    expect((c.channels.qq as QQSettings).give_up_after).toBe(7 * 86_400_000);
  });

  it('holes: a port out of range, an empty path, an open listen address without a token are config errors on their line', () => {
    expect(() => parseConfig('http:\n  listen: 127.0.0.1:99999\n')).toThrow(
      /config.yaml:2: key "http.listen": expected a port from 1 to 65535/,
    );
    expect(() => parseConfig('state_dir: ""\n')).toThrow(/config.yaml:1: key "state_dir": expected a directory/);
    expect(() => parseConfig('targets:\n  - { name: a, hermes_home: "" }\n')).toThrow(
      /key "targets\[0\].hermes_home": expected a directory/,
    );
    expect(() => parseConfig('http:\n  listen: 0.0.0.0:9477\n')).toThrow(
      /config.yaml:2: key "http.listen": a listen address beyond loopback needs http.token/,
    );
    expect(parseConfig('http:\n  listen: 0.0.0.0:9477\n  token: a-token-of-sixteen-chars\n').http.listen).toBe(
      '0.0.0.0:9477',
    );
    for (const ok of ['127.0.0.1:9477', '[::1]:9477', 'localhost:1'])
      expect(parseConfig(`http:\n  listen: "${ok}"\n`).http.listen).toBe(ok);
  });

  it('an alias bomb is a config error, not a stack trace', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [n, p] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
      ['h', 'g'],
      ['i', 'h'],
    ]) {
      rows.push(`${n}: &${n} [${Array(9).fill(`*${p}`).join(', ')}]`);
    }
    const e = err(rows.join('\n') + '\n');
    expect(e.message).toMatch(/too many YAML aliases/);
    expect(e.line).toBe(2);
  });

  it('an undefined alias is a config error on its line', () => {
    const e = err('locale: en\ntargets:\n  - name: a\n    hermes_home: *home\n');
    expect(e.message).toBe('/etc/gatewatch.yaml:4: undefined YAML alias *home');
    expect(e.line).toBe(4);
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
    const { loadConfigFile } = await import('../../src/channels/config.js');
    const c = loadConfigFile(path.join(TEST_DIR, '..', 'config.example.yaml'), {});
    expect(c.targets[0]!.name).toBe('default');
    expect(c.operators).toEqual([]);
  });

  it('invents no people and no ids: placeholders say what to fill in', () => {
    const text = readFileSync(path.join(TEST_DIR, '..', 'config.example.yaml'), 'utf8');
    expect(text).not.toMatch(/\b(alice|bob)\b/i);
    // A QQ openid is 32 hex digits; Feishu ids are ou_/oc_ and letters.
    expect(text).not.toMatch(/\b[0-9A-F]{32}\b|\bo[uc]_[0-9a-z]{4,}/);
    expect(text).toContain('YOUR_FEISHU_OPEN_ID');
  });
});

describe.runIf(process.platform === 'linux')('hostile config files', () => {
  function loadErr(file: string): ConfigError {
    try {
      loadConfigFile(file, {});
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error('expected a ConfigError');
  }

  it('a FIFO, /dev/zero and a huge file are config errors, without blocking or reading them whole', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-config-'));
    try {
      const fifo = path.join(dir, 'fifo.yaml');
      execFileSync('mkfifo', [fifo]);
      expect(loadErr(fifo).message).toBe(`${fifo}: cannot read config file: not a regular file (a FIFO)`);
      expect(loadErr('/dev/zero').message).toBe(
        '/dev/zero: cannot read config file: not a regular file (a character device)',
      );
      const zero = path.join(dir, 'zero.yaml');
      symlinkSync('/dev/zero', zero);
      expect(loadErr(zero).message).toMatch(/not a regular file \(a character device\)/);
      const big = path.join(dir, 'big.yaml');
      writeFileSync(big, 'locale: en\n');
      truncateSync(big, 64 * 1024 * 1024);
      expect(loadErr(big).message).toBe(`${big}: cannot read config file: larger than 1 MB`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('notifiers come from their plugins', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-notifier-cfg-'));
  const base = `targets: [{ name: default, hermes_home: ${home} }]\nchannels:\n  notifiers:\n`;

  it('every push service of the docs is accepted, and each becomes a channel named by its type or its name', async () => {
    const c = parseConfig(
      base +
        [
          '    - { type: dingtalk, url: "https://oapi.dingtalk.com/robot/send?access_token=t", secret: SECabc }',
          '    - { type: bark, url: "https://api.day.app/KEY" }',
          '    - { type: ntfy, url: "https://ntfy.sh/ops" }',
          '    - { type: webhook, url: "https://hooks.example/a" }',
          '    - { type: webhook, name: second-hook, url: "https://hooks.example/b", secret: s3 }',
        ].join('\n'),
      'c.yaml',
      {},
    );
    const { buildChannels } = await import('../../src/channels/index.js');
    const chans = await buildChannels(c, systemClock);
    expect(chans.map((ch) => ch.name)).toEqual(['dingtalk', 'bark', 'ntfy', 'webhook', 'second-hook']);
  });

  it('two notifiers with one name are a config error on the second one’s line (they would share deliveries)', () => {
    const text =
      base +
      '    - { type: webhook, url: "https://hooks.example/a" }\n    - { type: webhook, url: "https://hooks.example/b" }\n';
    expect(() => parseConfig(text, 'c.yaml', {})).toThrow(
      /c\.yaml:5: key "channels\.notifiers\[1\]\.type": duplicate channel name "webhook"/,
    );
  });

  it('an unknown notifier type lists the known ones', () => {
    expect(() => parseConfig(base + '    - { type: pager, url: "https://x" }\n', 'c.yaml', {})).toThrow(
      /expected a notifier with type: feishu_webhook, dingtalk, .*webhook/,
    );
  });
});

describe('the Telegram bot channel', () => {
  it('is configured under channels.telegram, and an operator’s telegram_id may be a YAML number', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-telegram-cfg-'));
    const c = parseConfig(
      `targets: [{ name: default, hermes_home: ${home} }]\noperators: [{ name: ana, role: admin, telegram_id: 123456789 }]\nchannels:\n  telegram: { bot_token: "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-dz", alert_to: [{ chat_id: -1001234567890 }] }\n`,
      'c.yaml',
      {},
    );
    expect(c.operators[0]!.telegram_id).toBe('123456789');
    expect((c.channels.telegram as TelegramSettings).alert_to).toEqual([{ chat_id: '-1001234567890' }]);
    const { buildChannels } = await import('../../src/channels/index.js');
    expect((await buildChannels(c, systemClock)).map((ch) => ch.name)).toEqual(['telegram']);
    expect(() => parseConfig(`channels:\n  telegram: { bot_token: nope }\n`, 'c.yaml', {})).toThrow(
      /c\.yaml:2: key "channels\.telegram\.bot_token"/,
    );
  });
});
