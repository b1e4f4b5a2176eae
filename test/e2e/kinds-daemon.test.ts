// Judged by kind (issue 50 items 1, 2) through the built daemon, on the wall clock: `gatewatch run` watches a live
// gateway process serving QQ and Telegram; the test writes Hermes' own lines into its gateway.log as they happen (QQ's
// loop and the runner's retries, a second apart) and the state file beside them, then the reconnects. What the
// console says is read in order: whose failure, the advice, that no restart came, and the recovery's downtime against
// the test's own marks of when the outage began and ended.
import { spawn } from 'node:child_process';
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { formatAsctime } from '../../src/demo/hermes-log.js';
import { gatewatch } from '../helpers/cli-run.js';
import { ago, entryAgo, liveHome, writeStateFile } from '../helpers/hermes-homes.js';
import { CLI } from '../helpers/paths.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
  await cleanup();
});

const QQ = 'gateway.platforms.qqbot.adapter: [QQBot:102000111]';
const now = () => formatAsctime(Date.now());

interface CheckJson {
  findings: { check: string; platform?: string; scope?: string; restart?: string }[];
}

/** A live gateway serving QQ and Telegram for an hour, and `gatewatch run` watching it with its console. */
async function watched(locale: 'en' | 'zh-CN' = 'en') {
  const dir = await tempDir('gw-kinds-e2e-');
  const home = path.join(dir, 'hermes');
  const h = await liveHome(home);
  const log = path.join(home, 'logs', 'gateway.log');
  await writeFile(
    log,
    [
      `${ago(3600)} INFO gateway.run: Starting Hermes Gateway...`,
      `${ago(3599)} INFO gateway.run: ✓ telegram connected`,
      `${ago(3599)} INFO ${QQ} Connected`,
      `${ago(3599)} INFO gateway.run: ✓ qqbot connected`,
      `${ago(3598)} INFO gateway.run: Gateway running with 2 platform(s)`,
    ].join('\n') + '\n',
  );
  const state = (qq: string, tg: string) =>
    writeStateFile(home, h.pid, { qqbot: entryAgo(qq, 0), telegram: entryAgo(tg, 0) }, 0, { code_version: '0.21.3' });
  await state('connected', 'connected');
  const config = path.join(dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      state_dir: path.join(dir, 'state'),
      locale,
      schedule: '0 0 1 1 *',
      // Nothing probed: the verdict rests on Hermes' own log, as on a host without detect.egress or a fleet.
      detect: { reachability: false, disconnect_grace: '3s' },
      targets: [
        {
          name: 'gw',
          hermes_home: home,
          platforms: ['qqbot', 'telegram'],
          service: { manager: 'command', is_active: ['true'], restart: ['true'] },
        },
      ],
      remediate: { cooldown: '0s' },
      channels: { console: {} },
    }),
  );
  const daemon = spawn(process.execPath, [CLI, 'run', '--config', config], {
    env: { ...process.env, GATEWATCH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  daemon.stdout!.on('data', (d) => (out += d));
  cleanups.push(async () => {
    if (daemon.exitCode !== null || daemon.signalCode !== null) return;
    const gone = new Promise((r) => daemon.once('exit', r));
    daemon.kill('SIGTERM');
    await gone;
  });
  await until('the daemon answering', async () => (await gatewatch(['status', 'gw', '--config', config])).code === 0, {
    timeoutMs: 30_000,
    everyMs: 200,
  });
  const check = async () => {
    const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
    return (JSON.parse(r.stdout) as CheckJson).findings.filter((f) => f.platform);
  };
  return { out: () => out, append: (lines: string[]) => appendFile(log, lines.join('\n') + '\n'), state, check };
}

/** Hermes keeps retrying, a line a second, until `done()`; bounded (a minute) so a test that fails still ends. */
async function retrying(w: Awaited<ReturnType<typeof watched>>, lines: () => string[], done: () => boolean) {
  for (let i = 0; i < 60 && !done(); i++) {
    await w.append(lines());
    await sleep(1000);
  }
}

/** The recovery's downtime in seconds, as either locale says it (`(down 11s)`, `（中断 11 秒）`). */
const downtime = (out: string) => {
  const m = /(?:gw: [^\n]* is back: [^\n]*, down (\d+)s|gw：[^\n]*已恢复：[^\n]*，中断 (\d+) 秒)/.exec(out);
  return m ? Number(m[1] ?? m[2]) : undefined;
};

/** What the DNS sequence's alert says in each locale: whose failure, its evidence, and that no restart is advised. */
const SAID = {
  en: {
    scope: /whose failure +this host's network: Hermes cannot resolve the names of QQ, Telegram at once/,
    wrong: /whose failure +(not known|the platform)/,
    restart: /auto-restart +no: QQ cannot be reached over this host's network/,
  },
  'zh-CN': {
    scope: /是谁的问题 +本机网络：Hermes 同时无法解析 QQ、Telegram 的域名/,
    wrong: /是谁的问题 +(无法判断|平台本身)/,
    restart: /自动重启 +不重启：QQ 无法通过本机网络连接/,
  },
} as const;

describe('judged by kind, said by the built daemon', () => {
  for (const locale of ['en', 'zh-CN'] as const)
    it(`two platforms failing name resolution together: this host's network, no restart, down as long as it was (${locale})`, {
      timeout: 150_000,
    }, async () => {
      const w = await watched(locale);
      const began = Date.now();
      await w.append([
        `${now()} WARNING ${QQ} WebSocket error: WebSocket closed`,
        `${now()} ERROR gateway.run: Fatal telegram adapter error (telegram_network_error): Telegram polling could not reconnect after 10 network error retries. Escalating to gateway recovery.`,
        `${now()} INFO gateway.run: telegram queued for background reconnection`,
      ]);
      await w.state('disconnected', 'retrying');
      // Each platform in its own library's words for the same failure: QQ's aiohttp, Telegram's httpx.
      await retrying(
        w,
        () => [
          `${now()} WARNING ${QQ} Reconnect failed: Failed to get QQ Bot gateway URL: Cannot connect to host api.sgroup.qq.com:443 ssl:default [Temporary failure in name resolution]`,
          `${now()} WARNING gateway.run: Reconnect telegram error: httpx.ConnectError: [Errno -2] Name or service not known, next retry in 30s`,
        ],
        () => SAID[locale].scope.test(w.out()),
      );
      const alert = w.out();
      expect(alert).toMatch(SAID[locale].scope);
      expect(alert).toMatch(SAID[locale].restart);
      expect(alert).not.toMatch(SAID[locale].wrong);
      const during = await w.check();
      expect(during.map((f) => [f.platform, f.scope, f.restart]).sort()).toEqual([
        ['qqbot', 'host_network', 'never'],
        ['telegram', 'host_network', 'never'],
      ]);

      // The network comes back: both reconnect; the recovery says how long they were down.
      await w.append([
        `${now()} INFO ${QQ} Connected`,
        `${now()} INFO gateway.run: ✓ telegram reconnected successfully`,
      ]);
      const ended = Date.now();
      await w.state('connected', 'connected');
      await until('the recovery', () => downtime(w.out()) !== undefined, { timeoutMs: 60_000, everyMs: 100 });
      const said = downtime(w.out())!;
      expect(Math.abs(said - (ended - began) / 1000)).toBeLessThanOrEqual(3);
      expect(w.out()).not.toMatch(/Restarting gw|Restarted gw|正在重启 gw|已重启 gw/);
    });

  it("a 5xx said by its reason phrase while Telegram works: the platform's, held, never restarted", {
    timeout: 150_000,
  }, async () => {
    const w = await watched();
    await w.append([`${now()} WARNING ${QQ} WebSocket error: WebSocket closed`]);
    await w.state('disconnected', 'connected');
    await retrying(
      w,
      () => [`${now()} WARNING ${QQ} Reconnect failed: Failed to get QQ Bot gateway URL: Bad Gateway`],
      () => /whose failure[^\n]*the platform, for everyone/.test(w.out()),
    );
    const alert = w.out();
    expect(alert).toContain("QQ's servers answer with errors (HTTP 502); Hermes keeps retrying");
    expect(alert).toMatch(/whose failure[^\n]*HTTP 502, while Telegram works from this host/);
    expect(alert).not.toMatch(/→ Restart the gateway/);
    expect((await w.check()).map((f) => [f.platform, f.scope, f.restart])).toEqual([['qqbot', 'platform', 'never']]);
    expect(w.out()).not.toMatch(/Restarting gw|Restarted gw/);
  });
});
