// Issue 77 items 3 and 4, through the built daemon (`gatewatch run --console` on the demo gateway), in both locales.
// QQ's session times out (4009, stuck) and a second later a SIGTERM stops the gateway: only the SIGTERM was ever said,
// though the 4009 came first (alone it is alerted after the grace). The death's alert now says QQ was down already,
// since when and why. And the SIGTERM has one name wherever its cause is said: the restart's reason, the write-up's
// "what happened" and /history's restart lines all say "stopped by SIGTERM", as its alert does, never "died".
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoStatus, stopDemo } from '../../src/demo/index.js';
import { demoSettingsEnv, endCli, startConsoleCli } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHome: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHome) await stopDemo(demoHome).catch(() => undefined);
  child = demoHome = undefined;
});

const WORDS = {
  en: {
    lang: 'en_US.UTF-8',
    injected: /Injected qq-4009-stuck/,
    death: /🔴 demo: Gateway was stopped by SIGTERM/u,
    back: /✅ demo: the gateway is back/u,
    before:
      /Already before the gateway went down, QQ was down, since (\d\d-\d\d \d\d:\d\d:\d\d): "WebSocket closed: code=4009 reason=Session timed out"\./,
    cause: 'gateway stopped by SIGTERM, state file still says running',
    died: /gateway died/,
    reason: /^\s+reason\s+(.*)$/m,
    kind: /^\s+what happened\s+(.*)$/m,
    restarting: /restarting for (.*)$/m,
    verified: /verified in \S+ \((.*)\)$/m,
    incident: /Incident demo-1[\s\S]*?\n\n/,
    history: /Last \d+ events[\s\S]*?\n\n/,
  },
  'zh-CN': {
    lang: 'zh_CN.UTF-8',
    injected: /已向演示网关注入/,
    death: /🔴 demo：网关被 SIGTERM 停止/u,
    back: /✅ demo：/u,
    before:
      /网关停止之前，QQ 已经中断，自 (\d\d-\d\d \d\d:\d\d:\d\d) 起：“WebSocket closed: code=4009 reason=Session timed out”。/,
    cause: '网关被 SIGTERM 停止，状态文件仍显示运行中',
    died: /网关已退出/,
    reason: /^\s+原因\s+(.*)$/m,
    kind: /^\s+发生了什么\s+(.*)$/m,
    restarting: /重启，原因：(.*)$/m,
    verified: /验证通过，用时 .+?（(.*)）$/m,
    incident: /事件 demo-1：[\s\S]*?\n\n/,
    history: /最近 \d+ 条[\s\S]*?\n\n/,
  },
} as const;

describe('a platform fault followed at once by a process fault, through the built daemon', () => {
  for (const locale of ['en', 'zh-CN'] as const)
    it(`the first is said in the second's alert; the second's cause has one name (${locale})`, async () => {
      const w = WORDS[locale];
      const home = mkdtempSync(path.join(os.tmpdir(), 'gw-in-a-row-'));
      demoHome = path.join(home, '.local', 'state', 'gatewatch', 'demo-hermes');
      const cli = startConsoleCli(home, ['run', '--console'], {
        env: {
          LANG: w.lang,
          LC_ALL: '',
          LC_MESSAGES: '',
          TZ: 'UTC',
          ...demoSettingsEnv({
            schedule: '* * * * * *',
            detect: { disconnect_grace: '5s' },
            remediate: { cooldown: '0s', verify_timeout: '20s', max_restarts: 100, window: '1h' },
          }),
        },
        waitMs: 90_000,
      });
      child = cli.child;
      let at = await cli.waitFor(/demo-hermes/);
      await until(
        'the demo gateway serving',
        async () => {
          const s = await demoStatus(demoHome!);
          return s.alive && ['feishu', 'qqbot'].every((k) => s.state?.platforms[k]?.state === 'connected');
        },
        { timeoutMs: 90_000, everyMs: 200 },
      );
      cli.send('/demo fail qq-4009-stuck');
      at = await cli.waitFor(w.injected, at);
      const second = Date.now() + 1_000;
      await until('a second later', () => Date.now() >= second || undefined, { timeoutMs: 5_000 });
      cli.send('/demo fail sigterm');
      const deathAt = await cli.waitFor(w.death, at);
      const deathEnd = await cli.waitFor(/→ \/restart demo/, deathAt);
      const death = cli.out().slice(deathAt, deathEnd);
      at = await cli.waitFor(w.back, deathEnd);

      // Item 3: the 4009 that came first is said in the SIGTERM's alert, dated by its own line, not dropped.
      const since = w.before.exec(death)?.[1];
      expect(since, cli.out()).toBeDefined();
      // Its time is that of the last close before the SIGTERM (QQ's routine closes, resumed, come before it).
      const log = readFileSync(path.join(demoHome, 'logs', 'gateway.log'), 'utf8');
      const closes = [
        ...log
          .slice(0, log.indexOf('Received SIGTERM'))
          .matchAll(/\d{4}-(\d\d-\d\d \d\d:\d\d:\d\d),\d{3} WARNING .*code=4009 reason=Session timed out/g),
      ];
      expect(closes.at(-1)?.[1]).toBe(since);

      // Item 4: one name for the cause, wherever it is said.
      const restart = cli.out().slice(deathEnd, at);
      expect(w.reason.exec(restart)?.[1], restart).toBe(w.cause);
      cli.send('/incident demo-1');
      const incidentEnd = await cli.waitFor(w.incident, at);
      const incident = cli.out().slice(at, incidentEnd);
      expect(w.kind.exec(incident)?.[1], incident).toBe(w.cause);
      cli.send('/history 20');
      const historyEnd = await cli.waitFor(w.history, incidentEnd);
      const history = cli.out().slice(incidentEnd, historyEnd);
      expect(w.restarting.exec(history)?.[1], history).toBe(w.cause);
      expect(w.verified.exec(history)?.[1], history).toBe(w.cause);
      for (const said of [restart, incident, history]) expect(said).not.toMatch(w.died);
    }, 180_000);
});
