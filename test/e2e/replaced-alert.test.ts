// The alert of a new cause that takes the place of another on the same platform names that alert by the start it
// said (src/delivery/alerts.ts, replacedLine), proven through the built daemon in both locales: `gatewatch run
// --console` against the demo gateway, a real process whose faults write its log lines and state with the wall clock.
// QQ is banned, then the gateway is restarted into the is_reconnect bug: the bug's alert is its own incident, from
// its own first line, and says it replaces the ban's alert, of the time the ban's alert said.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoSettingsEnv, endCli, startConsoleCli } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';
import { stopDemo } from '../../src/demo/index.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHome: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHome) await stopDemo(demoHome).catch(() => undefined);
  child = demoHome = undefined;
});

// What a person reads, in each locale: the two alerts' titles, their "since" field, and the replacing line.
const WORDS = {
  en: {
    lang: 'en_US.UTF-8',
    ban: /🔴 demo: QQ bot is banned \(close code 4915\)/u,
    bug: /🔴 demo: QQ cannot connect: Hermes v0\.18\.0–0\.18\.2 bug/u,
    since: /^\s+since\s+(\d\d-\d\d \d\d:\d\d:\d\d)$/m,
    replaces:
      /This replaces the alert "QQ bot is banned \(close code 4915\)" of (\d\d-\d\d \d\d:\d\d:\d\d): Hermes no longer reports that, and QQ is still down\./,
  },
  'zh-CN': {
    lang: 'zh_CN.UTF-8',
    ban: /🔴 demo：.*4915/u,
    bug: /🔴 demo：.*0\.18\.0–0\.18\.2/u,
    since: /^\s+开始于\s+(\d\d-\d\d \d\d:\d\d:\d\d)$/m,
    replaces:
      /这条告警取代了 (\d\d-\d\d \d\d:\d\d:\d\d) 的告警“[^”]*4915[^”]*”：Hermes 已不再报告那个问题，QQ 仍然不可用。/,
  },
} as const;

describe('a replacing alert, through the built daemon', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    it(`names the alert it replaces by the start that alert said (${locale})`, async () => {
      const w = WORDS[locale];
      const home = mkdtempSync(path.join(os.tmpdir(), 'gw-replaced-'));
      demoHome = path.join(home, '.local', 'state', 'gatewatch', 'demo-hermes');
      const cli = startConsoleCli(home, ['run', '--console'], {
        env: {
          LANG: w.lang,
          LC_ALL: '',
          LC_MESSAGES: '',
          ...demoSettingsEnv({ remediate: { cooldown: '0s', verify_timeout: '8s', max_restarts: 100 } }),
        },
        waitMs: 90_000,
      });
      child = cli.child;
      let at = await cli.waitFor(/demo-hermes/);
      cli.send('/demo fail qq-banned');
      at = await cli.waitFor(w.ban, at);
      const banFrom = at;
      at = await cli.waitFor(/→ \/logs 50 demo/, at);
      const banSince = w.since.exec(cli.out().slice(banFrom, at))?.[1];
      expect(banSince, cli.out()).toBeDefined();
      // The next start in another second than the ban's, so that the two alerts' times tell one from the other.
      const banLine = /(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),\d{3} ERROR .*banned/.exec(
        cli.out().slice(banFrom, at),
      )!;
      const [y, mo, d, h, mi, sec] = banLine.slice(1).map(Number) as [number, number, number, number, number, number];
      const banSecondEnds = new Date(y, mo - 1, d, h, mi, sec + 1).getTime();
      await until('the second after the ban', () => Date.now() >= banSecondEnds || undefined, { timeoutMs: 5_000 });
      cli.send('/demo fail is-reconnect');
      cli.send('/restart demo confirm');
      at = await cli.waitFor(w.bug, at);
      const bugFrom = at;
      if (process.env.GW_SHOW) process.stdout.write(cli.out());
      at = await cli.waitFor(/→ \/logs 50 demo/, at);
      const bug = cli.out().slice(bugFrom, at);
      // The bug's own start, from its own first line (the log line quoted under it), not the ban's.
      const bugLine = /(\d{4})-(\d\d-\d\d \d\d:\d\d:\d\d),\d{3} ERROR gateway\.run: .*is_reconnect/.exec(bug);
      expect(bugLine, bug).not.toBeNull();
      expect(w.since.exec(bug)?.[1], bug).toBe(bugLine![2]);
      expect(bugLine![2]).not.toBe(banSince);
      // The replaced alert named by the time it said, word for word.
      expect(w.replaces.exec(bug)?.[1], bug).toBe(banSince);
      // The ban is over without QQ back: nothing says it recovered.
      expect(cli.out().slice(banFrom)).not.toMatch(locale === 'en' ? /✅ demo: QQ/u : /✅ demo：QQ/u);
    }, 240_000);
  }
});
