// Every URL-valued key of every plugin and of the base config takes an http(s) URL only (issue 35): `javascript:` and
// `file:` were accepted, and `validate` and `run` exited 0. A config error names file, line and key, without the URL
// (several of these URLs carry a key or a topic).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { parseConfig } from '../../src/channels/config.js';
import { registry } from '../../src/channels/plugins.js';
import { runCli, runCliHere } from '../helpers/cli-run.js';
import { TEST_DIR } from '../helpers/paths.js';

const FILE = '/etc/gatewatch.yaml';

/** Each row: where the key is, the config with `URL` in its place (on a line of its own), that line, the key. */
const ROWS: [string, string, number, string][] = [
  ['webhook.url', 'channels:\n  notifiers:\n    - type: webhook\n      url: URL\n', 4, 'channels.notifiers[0].url'],
  [
    'feishu_webhook.url',
    'channels:\n  notifiers:\n    - type: feishu_webhook\n      url: URL\n',
    4,
    'channels.notifiers[0].url',
  ],
  ['dingtalk.url', 'channels:\n  notifiers:\n    - type: dingtalk\n      url: URL\n', 4, 'channels.notifiers[0].url'],
  ['wecom.url', 'channels:\n  notifiers:\n    - type: wecom\n      url: URL\n', 4, 'channels.notifiers[0].url'],
  ['bark.url', 'channels:\n  notifiers:\n    - type: bark\n      url: URL\n', 4, 'channels.notifiers[0].url'],
  ['ntfy.url', 'channels:\n  notifiers:\n    - type: ntfy\n      url: URL\n', 4, 'channels.notifiers[0].url'],
  [
    'telegram.api_base',
    'channels:\n  notifiers:\n    - type: telegram\n      bot_token: "123:abc-fake-token-0123456789abcdef"\n      chat_id: 1\n      api_base: URL\n      name: tg\n',
    6,
    'channels.notifiers[0].api_base',
  ],
  [
    'serverchan.api_base',
    'channels:\n  notifiers:\n    - type: serverchan\n      sendkey: SCTabc\n      api_base: URL\n',
    5,
    'channels.notifiers[0].api_base',
  ],
  [
    'pushplus.api_base',
    'channels:\n  notifiers:\n    - type: pushplus\n      token: abcdefgh12\n      api_base: URL\n',
    5,
    'channels.notifiers[0].api_base',
  ],
  [
    'chat telegram.api_base',
    'channels:\n  telegram:\n    bot_token: "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-dz"\n    api_base: URL\n',
    4,
    'channels.telegram.api_base',
  ],
  [
    'chat feishu.domain',
    'channels:\n  feishu:\n    app_id: cli_0123456789abcdef\n    app_secret: s\n    domain: URL\n',
    5,
    'channels.feishu.domain',
  ],
  [
    'chat qq.api_base',
    'channels:\n  qq:\n    app_id: 1\n    client_secret: s\n    api_base: URL\n',
    5,
    'channels.qq.api_base',
  ],
  [
    'chat qq.token_url',
    'channels:\n  qq:\n    app_id: 1\n    client_secret: s\n    token_url: URL\n',
    5,
    'channels.qq.token_url',
  ],
  ['deadman.url', 'deadman:\n  url: URL\n', 2, 'deadman.url'],
  ['detect.reachability', 'detect:\n  reachability:\n    qqbot: URL\n', 3, 'detect.reachability.qqbot'],
  [
    'targets[].reachability',
    'targets:\n  - name: a\n    reachability:\n      qqbot: URL\n',
    4,
    'targets[0].reachability.qqbot',
  ],
];

/** Valid for every key above: bark and ntfy need a last path segment (the device key, the topic). */
const HTTPS = 'https://push.example.org/robot/KEY';

function parse(text: string): ConfigError | undefined {
  try {
    parseConfig(text, FILE, {});
    return undefined;
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
}

describe('URL-valued config keys take http(s) only', () => {
  const rejected = ROWS.flatMap(([what, text, line, key]) =>
    ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://push.example.org/KEY', 'data:text/plain,x'].map(
      (url) => [what, url, text.replace('URL', `"${url}"`), line, key] as const,
    ),
  );

  it.each(rejected)('%s = %s: a config error naming file, line and key', (_what, url, text, line, key) => {
    const e = parse(text);
    expect(e, text).toBeInstanceOf(ConfigError);
    expect({ file: e!.file, line: e!.line, key: e!.key }).toEqual({ file: FILE, line, key });
    expect(e!.message).toMatch(/http: or https:/);
    // The URL itself may hold a key or a topic: the message names only its scheme.
    expect(e!.message).not.toContain(url.slice(url.indexOf(':') + 1));
  });

  it.each(ROWS)('%s accepts an https and an http URL', (_what, text) => {
    expect(parse(text.replace('URL', HTTPS))).toBeUndefined();
    expect(parse(text.replace('URL', 'http://127.0.0.1:8080/robot/KEY'))).toBeUndefined();
  });

  it('no schema in src takes a bare .url() (any scheme): URL keys use the one http(s) helper', () => {
    const src = path.join(TEST_DIR, '..', 'src');
    const bare = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /\.url\(/.test(readFileSync(path.join(src, f), 'utf8').replace(/^\s*\/\/.*$/gm, '')));
    expect(bare).toEqual([]);
  });

  it('the table covers every URL-valued key of every plugin (a new plugin with a URL key must be added above)', () => {
    const covered = new Set(ROWS.map(([what]) => what.replace(/^chat /, '')));
    const urlish = /url|base|server|domain|endpoint|host/i;
    for (const p of registry.plugins) {
      const shape = (p.schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
      for (const k of Object.keys(shape).filter((k) => urlish.test(k))) {
        // email's smtp settings are a host and a port, not a URL.
        if (p.type === 'email') continue;
        expect(covered, `${p.type}.${k}`).toContain(`${p.type}.${k}`);
      }
    }
  });
});

describe('gatewatch validate / run on a javascript: webhook URL', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-url-keys-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each(['validate', 'run'])('gatewatch %s exits 78 naming file, line and key', async (cmd) => {
    const home = path.join(tmp, 'hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    const config = path.join(tmp, 'config.yaml');
    writeFileSync(
      config,
      `state_dir: ${tmp}/state\ntargets:\n  - { name: a, hermes_home: ${home}, service: { manager: none } }\nchannels:\n  console: {}\n  notifiers:\n    - type: webhook\n      url: "javascript:alert(1)"\n`,
    );
    const r = await runCli(tmp, [cmd, '--config', config], { env: { LANG: 'C.UTF-8', LC_ALL: '' } });
    expect(r.stderr).toContain(`${config}:8: key "channels.notifiers[0].url"`);
    expect(r.stderr).toMatch(/http: or https:/);
    expect(r.code).toBe(78);
  });

  it("in Chinese: the same file, line and key, in the terminal's language", async () => {
    const config = path.join(tmp, 'config-zh.yaml');
    writeFileSync(
      config,
      `state_dir: ${tmp}/state\nchannels:\n  notifiers:\n    - type: ntfy\n      url: "file:///etc/passwd"\n`,
    );
    const r = await runCliHere(tmp, ['validate', '--config', config], { env: { LANG: 'zh_CN.UTF-8', LC_ALL: '' } });
    expect(r.stderr).toContain(`${config}:5`);
    expect(r.stderr).toContain('channels.notifiers[0].url');
    expect(r.stderr).toContain('应为 http: 或 https: URL，不接受其他协议');
    expect(r.stderr).not.toContain('/etc/passwd');
    expect(r.code).toBe(78);
  });
});
