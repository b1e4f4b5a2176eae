// Issue 76 item 4 through the built daemon: a restart that takes a while (the service manager's restart command takes
// 12 s, as a systemd stop that waits for its process does) is said while it runs. The console prints that it began and
// what it waits for, /status and /restart say it under way (not "last restart none" alone), and it ends with its result;
// in both locales. The gateway is the demo's, killed by the test; the supervisor its own ctl, behind a slow shell.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoTargetConfig, startDemo, stopDemo } from '../../src/demo/index.js';
import type { Locale } from '../../src/types.js';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHome: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHome) await stopDemo(demoHome).catch(() => undefined);
});

/** What the console prints, per locale. */
const WORDS = {
  en: {
    died: /🔴 demo: Gateway died/,
    begun:
      /ℹ️ Restarting demo…\n {2}since +(\d\d:\d\d:\d\d)\n[^\n]*\n {2}by +gatewatch\nWaiting for Feishu, QQ connected, until (\d\d:\d\d:\d\d) at the latest\./u,
    status:
      /restarting +since (\d\d:\d\d:\d\d) \(\d+s\), by gatewatch, for [^;\n]+; waiting for Feishu, QQ connected until (\d\d:\d\d:\d\d)/,
    inProgress: /A restart of demo is already in progress\.\n {2}restarting +since/,
    done: /✅ Restarted demo: verified in (\d+)s/u,
  },
  'zh-CN': {
    died: /🔴 demo：网关/,
    begun:
      /ℹ️ 正在重启 demo…\n {2}开始于 +(\d\d:\d\d:\d\d)\n[^\n]*\n[^\n]*gatewatch\n正在等待 飞书、QQ 连上，最迟到 (\d\d:\d\d:\d\d)。/u,
    status:
      /正在重启 +自 (\d\d:\d\d:\d\d) 起（已 \d+ ?秒），由 gatewatch 发起，原因：[^；\n]+；等待 飞书、QQ 连上，最迟到 (\d\d:\d\d:\d\d)/,
    inProgress: /demo 正在重启中。\n {2}正在重启 +自/,
    done: /✅ 已重启 demo/u,
  },
} as const;

const readJson = (file: string) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

async function slowRestartStory(locale: Locale): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-underway-'));
  const home = path.join(dir, 'hermes');
  demoHome = home;
  mkdirSync(home, { recursive: true });
  const target = demoTargetConfig(home);
  // The service manager takes 12 s to restart it: the restart is under way that long before the gateway comes back.
  const restart = ['/bin/sh', '-c', 'sleep 12 && exec "$0" "$@"', ...target.service.restart!];
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `state_dir: ${path.join(dir, 'state')}`,
      `locale: ${locale}`,
      `targets: [${JSON.stringify({ ...target, service: { ...target.service, restart } })}]`,
      'remediate: { cooldown: 2s, verify_timeout: 60s }',
      'channels: { console: {} }',
    ].join('\n'),
  );
  expect((await startDemo(home, {})).ok).toBe(true);
  const cli = startConsoleCli(dir, ['run', '--config', config]);
  child = cli.child;
  const w = WORDS[locale];
  // The first check saw it alive: the death that follows is one it sees.
  await until('the first check', () => readJson(path.join(dir, 'state', 'state.json'))?.timelines?.demo, {
    timeoutMs: 30_000,
  });
  const pid = JSON.parse(readFileSync(path.join(home, 'gateway.pid'), 'utf8')).pid as number;
  process.kill(pid, 'SIGKILL');

  let at = await cli.waitFor(w.died);
  // Said while it runs, a few seconds in: since when, and what it waits for until when.
  at = await cli.waitFor(w.begun, at);
  const begun = w.begun.exec(cli.out())!;
  // /status while it runs, and /restart: already in progress, and which.
  cli.send('/status');
  const statusAt = await cli.waitFor(w.status, at);
  const status = w.status.exec(cli.out().slice(at))!;
  expect(status.slice(1)).toEqual(begun.slice(1));
  cli.send('/restart');
  await cli.waitFor(w.inProgress, statusAt);
  // Then its result, once: the gateway is back after the slow command.
  await cli.waitFor(w.done, at);
  const out = cli.out();
  expect([...out.matchAll(new RegExp(w.done.source, 'gu'))]).toHaveLength(1);
  // Begun once: one message per phase.
  expect(out.split(locale === 'en' ? 'Restarting demo…' : '正在重启 demo…').length - 1).toBe(1);
}

describe('a slow restart through the built daemon', () => {
  it('en: the console says it began, /status and /restart say it under way, then its result', async () => {
    await slowRestartStory('en');
  }, 120_000);

  it('zh-CN: the same in Chinese', async () => {
    await slowRestartStory('zh-CN');
  }, 120_000);
});
