// Every URL-valued key of every plugin and of the base config takes an http(s) URL only (issue 35): `javascript:` and
// `file:` were accepted, and `validate` and `run` exited 0. A config error names file, line and key, without the URL
// (several of these URLs carry a key or a topic).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as z from '../../src/util/zod.js';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { parseConfig } from '../../src/channels/config.js';
import { registry } from '../../src/channels/plugins.js';
import { filledExample } from '../helpers/channels.js';
import { runCli, runCliHere } from '../helpers/cli-run.js';
import { TEST_DIR } from '../helpers/paths.js';

const FILE = '/etc/gatewatch.yaml';

/** Each row: where the key is, the config with `URL` in its place (on a line of its own), that line, the key. */
type Row = [string, string, number, string];

/** The base config's URL keys. */
const BASE_ROWS: Row[] = [
  ['deadman.url', 'deadman:\n  url: URL\n', 2, 'deadman.url'],
  ['detect.egress', 'detect:\n  egress: URL\n', 2, 'detect.egress'],
  ['fleet.prometheus', 'fleet:\n  prometheus: URL\n', 2, 'fleet.prometheus'],
  ['detect.reachability', 'detect:\n  reachability:\n    qqbot: URL\n', 3, 'detect.reachability.qqbot'],
  [
    'targets[].reachability',
    'targets:\n  - name: a\n    reachability:\n      qqbot: URL\n',
    4,
    'targets[0].reachability.qqbot',
  ],
];

/**
 * Every plugin's URL keys, found from the plugins themselves: a key its schema takes an http(s) URL for and refuses
 * `javascript:` in, on top of its own example (src/channel-kit/plugin.ts). A new plugin is covered with no row to add.
 */
function pluginRows(): Row[] {
  return registry.plugins.flatMap((p) => {
    const example = filledExample(p);
    const shape = (p.schema as unknown as z.ZodMiniObject).shape as Record<string, z.ZodMiniType>;
    const urlKeys = Object.keys(shape).filter(
      (k) =>
        p.schema.safeParse({ ...example, [k]: HTTPS }).success &&
        !p.schema.safeParse({ ...example, [k]: 'javascript:alert(1)' }).success,
    );
    return urlKeys.map((k): Row => {
      const others = Object.entries(example).filter(([x]) => x !== k);
      const lines = others.map(([x, v]) => `${x}: ${JSON.stringify(v)}`);
      if (p.kind === 'chat') {
        const text = `channels:\n  ${p.type}:\n${[...lines, `${k}: URL`].map((l) => `    ${l}\n`).join('')}`;
        return [`chat ${p.type}.${k}`, text, 3 + others.length, `channels.${p.type}.${k}`];
      }
      const named = p.example.name ? [`name: ${p.example.name}`] : [];
      const entry = [`type: ${p.type}`, ...named, ...lines, `${k}: URL`];
      const text = `channels:\n  notifiers:\n${entry.map((l, i) => `${i ? '      ' : '    - '}${l}\n`).join('')}`;
      return [`${p.type}.${k}`, text, 2 + entry.length, `channels.notifiers[0].${k}`];
    });
  });
}

/** Valid for every key above: bark and ntfy need a last path segment (the device key, the topic). */
const HTTPS = 'https://push.example.org/robot/KEY';

const ROWS: Row[] = [...pluginRows(), ...BASE_ROWS];

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

  it('finds the URL keys of the plugins (the check sees what it should), and no placeholder twice', () => {
    expect(ROWS.map(([what]) => what)).toEqual(
      expect.arrayContaining([
        'webhook.url',
        'bark.url',
        'ntfy.url',
        'telegram.api_base',
        'serverchan.api_base',
        'chat qq.token_url',
        'chat feishu.domain',
      ]),
    );
    expect(ROWS.map(([what]) => what)).not.toContain('email.smtp');
    for (const [what, text] of ROWS) expect(text.split('URL').length, what).toBe(2);
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
