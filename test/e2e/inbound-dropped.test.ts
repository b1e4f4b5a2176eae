// The built `gatewatch check` and daemon on a busy gateway whose last Feishu message came amid QQ traffic that has
// since left the run's view (a run keeps its first 300 records, its last 2000 and the important ones between): the
// message's time still counts. The history read noted it as it dropped the traffic around it; the tracker that tails
// on from that read had forgotten it, and Feishu was called silent since the start two hours before. The silence the
// operator is told of is measured from the message, to the second the log gives.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatRecord } from '../../src/demo/hermes-log.js';
import { runCli } from '../helpers/cli-run.js';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { idleGatewayHome } from '../helpers/live-gateway.js';
import { cleanup, tempDir, trackPid } from '../helpers/probe-procs.js';

let daemon: ReturnType<typeof startConsoleCli> | undefined;
afterEach(async () => {
  await endCli(daemon?.child);
  daemon = undefined;
  await cleanup();
});

const MIN = 60_000;

/** A platform's inbound line and its answer, as the runner logs them. */
interface Chat {
  platform: string;
  /** As gatewatch names it to a person. */
  shown: string;
  inbound: string;
  answer: string;
}

const FEISHU: Chat = {
  platform: 'feishu',
  shown: 'Feishu',
  inbound: "inbound message: platform=feishu user=ou_5f1e chat=oc_77aa msg='status?' reply_to_id=None reply_to_text=''",
  answer: 'response ready: platform=feishu chat=oc_77aa time=1.9s api_calls=1 response=42 chars',
};
// Another platform, a numeric chat, Chinese text quoting another platform's field: the first `platform=` names it.
const TELEGRAM: Chat = {
  platform: 'telegram',
  shown: 'Telegram',
  inbound:
    "inbound message: platform=telegram user=581234907 chat=581234907 msg='服务器状态怎么样？platform=qqbot 那边正常' reply_to_id=None reply_to_text=''",
  answer: 'response ready: platform=telegram chat=581234907 time=2.4s api_calls=1 response=30 chars',
};

/** Two hours of a gateway's run: `chat`'s message `ago` ms ago and its answer, amid thousands of QQ messages. */
function busyLog(now: number, ago: number, chat: Chat): string {
  const at = (before: number) => now - before;
  const qq = (t: number, i: number) =>
    i % 2
      ? formatRecord(
          t,
          'INFO',
          'gateway.run',
          'response ready: platform=qqbot chat=BUSY0A1B time=1.2s api_calls=1 response=88 chars',
        )
      : formatRecord(
          t,
          'INFO',
          'gateway.run',
          "inbound message: platform=qqbot user=BUSY0A1B chat=BUSY0A1B msg='hi' reply_to_id=None reply_to_text=''",
        );
  const lines = [
    formatRecord(at(120 * MIN), 'INFO', 'gateway.run', 'Starting Hermes Gateway...'),
    formatRecord(at(120 * MIN - 1_000), 'INFO', 'gateway.run', `✓ ${chat.platform} connected`),
    formatRecord(at(120 * MIN - 1_100), 'INFO', 'gateway.run', '✓ qqbot connected'),
    formatRecord(at(120 * MIN - 1_200), 'INFO', 'gateway.run', 'Gateway running with 2 platform(s)'),
  ];
  // Traffic from 110 minutes ago to a minute ago, 6,000 records: the view's last 2,000 reach back 36 minutes, its first
  // 300 cover the first 6, and the message lies between them.
  const n = 6_000;
  const step = (109 * MIN) / n;
  let said = false;
  for (let i = 0; i < n; i++) {
    const before = 110 * MIN - i * step;
    if (!said && before <= ago) {
      lines.push(
        formatRecord(at(ago), 'INFO', 'gateway.run', chat.inbound),
        formatRecord(at(ago - 2_000), 'INFO', 'gateway.run', chat.answer),
      );
      said = true;
    }
    lines.push(qq(at(before), i));
  }
  return `${lines.join('\n')}\n`;
}

/** A home whose gateway's last message on `chat` came `ago` ms ago, and gatewatch's config for it. */
async function homeAfter(ago: number, chat: Chat = FEISHU) {
  const home = await tempDir('gw-inbound-dropped-');
  // Whole seconds: the finding names the time to the second.
  const now = Math.floor(Date.now() / 1000) * 1000;
  const gateway = idleGatewayHome(home, busyLog(now, ago, chat), [chat.platform, 'qqbot']);
  trackPid(gateway.pid!);
  const config = path.join(home, 'gatewatch.yaml');
  await writeFile(
    config,
    `state_dir: ${path.join(home, 'gw-state')}\ndetect:\n  expect_inbound: { ${chat.platform}: 45m }\ntargets:\n  - name: default\n    hermes_home: ${home}\n    platforms: [${chat.platform}, qqbot]\n    service: { manager: none }\n`,
  );
  return { home, config, heardAt: new Date(now - ago).toISOString().replace(/\.\d+Z$/, 'Z') };
}

async function checkAfter(ago: number, chat: Chat) {
  const { home, config, heardAt } = await homeAfter(ago, chat);
  return { r: await runCli(home, ['check', '--config', config]), heardAt };
}

describe.each([FEISHU, TELEGRAM])(
  'gatewatch check (built) on a $shown message amid traffic that left the view',
  (chat) => {
    it('a message 40 minutes old counts: the platform is not called silent', async () => {
      const { r } = await checkAfter(40 * MIN, chat);
      expect(r.stdout).not.toContain('no inbound message');
      expect(r).toMatchObject({ code: 0, stdout: '' });
    });

    it('one 50 minutes old is the silence said, from that message, not from the start two hours ago', async () => {
      const { r, heardAt } = await checkAfter(50 * MIN, chat);
      expect(r.stdout).toContain(`${chat.shown}: no inbound message for 50m (possibly deaf)`);
      expect(r.stdout).toContain(`the last one at ${heardAt}`);
    });
  },
);

describe('gatewatch run (built) on the same home', () => {
  it('its first look at the run counts the message too: the alert says the silence from it', async () => {
    const { home, config, heardAt } = await homeAfter(50 * MIN);
    daemon = startConsoleCli(home, ['run', '--console', '--config', config]);
    await daemon.waitFor(/Feishu: no inbound message for 50m \(possibly deaf\)/);
    expect(daemon.out()).toContain(`the last one at ${heardAt}`);
    expect(daemon.out()).not.toContain('none since the gateway started');
  });
});
