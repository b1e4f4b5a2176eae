// `gatewatch run` says at once what it watches, where alerts go and how to talk to it, before its channels connect
// and its first check runs (issue 20 item 7: it used to say nothing for ~20 s). The built CLI in a temp HOME.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleCli } from '../helpers/console-cli.js';
import { gatewatchCommand } from '../../src/util/invocation.js';
import { parseConfig } from '../../src/channels/config.js';
import { startBanner } from '../../src/ops/banner.js';

/** How this install is typed here (`npx gatewatch` from a clone): the CLI's hints say it so. */
const gw = gatewatchCommand();

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function setup(locale?: string) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-banner-'));
  const hermes = path.join(home, 'hermes');
  mkdirSync(path.join(hermes, 'logs'), { recursive: true });
  writeFileSync(path.join(hermes, 'logs', 'gateway.log'), '');
  // The supervisor takes its time answering: the first check is still running when the banner must be out.
  const slow = JSON.stringify([process.execPath, '-e', 'setTimeout(() => {}, 60000)']);
  const config = path.join(home, 'config.yaml');
  writeFileSync(
    config,
    [
      ...(locale ? [`locale: ${locale}`] : []),
      `state_dir: ${home}/state`,
      'targets:',
      `  - { name: box, hermes_home: ${hermes}, platforms: [feishu, qqbot], service: { manager: command, is_active: ${slow}, restart: ${slow} } }`,
      'channels:',
      '  console: {}',
      // An address nothing answers on: the channel keeps trying in the background; the banner does not wait for it.
      '  telegram: { bot_token: "123456789:AAEabcdefghijklmnopqrstuvwxyz0123456", api_base: "http://127.0.0.1:9", alert_to: [{ chat_id: 42 }] }',
      '',
    ].join('\n'),
  );
  return { home, config };
}

describe('the start banner', { timeout: 60_000 }, () => {
  it('names targets, platforms, channels and how to talk to it, at once, in at most 6 lines', async () => {
    const { home, config } = setup();
    const cli = startConsoleCli(home, ['run', '--console', '--config', config], {
      env: { LANG: 'en_US.UTF-8', LC_ALL: '' },
      waitMs: 10_000,
    });
    stop = () => cli.child.kill('SIGKILL');
    await cli.waitFor(/Talk to it: .*\n/);
    const banner = cli.out().split('\n').slice(0, 3);
    expect(banner).toEqual([
      'gatewatch is watching box (Feishu, QQ).',
      'Alerts go to: console, telegram.',
      `Talk to it: type /help here; send /help to the bot on telegram; run \`${gw} status\` in another terminal.`,
    ]);
  });

  it("in the config's locale", async () => {
    const { home, config } = setup('zh-CN');
    const cli = startConsoleCli(home, ['run', '--console', '--config', config], {
      env: { LANG: 'en_US.UTF-8', LC_ALL: '' },
      waitMs: 10_000,
    });
    stop = () => cli.child.kill('SIGKILL');
    await cli.waitFor(/与它对话：.*\n/);
    expect(cli.out()).toContain('gatewatch 正在看守 box (飞书、QQ)。');
    expect(cli.out()).toContain('在 telegram 上给机器人发 /help');
  });
});

describe('the start banner in words (issue 61 item 2)', () => {
  it('names the console channel as a person does, in zh-CN with Chinese list commas', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-banner-words-'));
    const config = parseConfig(
      [
        'locale: zh-CN',
        `state_dir: ${dir}/state`,
        `targets: [{ name: box, hermes_home: ${dir}, platforms: [qqbot] }]`,
        'channels:',
        '  console: {}',
        '  telegram: { bot_token: "123456789:AAEabcdefghijklmnopqrstuvwxyz0123456", alert_to: [{ chat_id: 42 }] }',
        '',
      ].join('\n'),
    );
    expect(startBanner(config, { console: true })[1]).toBe('告警发往：控制台、telegram。');
    expect(startBanner({ ...config, locale: 'en' }, { console: true })[1]).toBe('Alerts go to: console, telegram.');
  });
});
