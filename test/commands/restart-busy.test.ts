// Issue 35 item 6: a healthy gateway running agent turns. `/restart demo` asks one question that says both (healthy;
// which turns run, who and since when, read from gateway.log's unanswered `inbound message:` lines), and the one
// `confirm` it asks for restarts (it used to ask a second question instead, and no restart followed). The demo gateway
// writes its state file and log as Hermes does; the test adds the turns as the runner logs them.
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createApp } from '../../src/app.js';
import { demoStatus, demoTargetConfig, startDemo } from '../../src/demo/index.js';
import { formatRecord } from '../../src/demo/hermes-log.js';
import { formatTime } from '../../src/util/time.js';
import { EVALUATION_EVERY_MS, until, where } from '../helpers/until.js';
import { stoppedAfterEach } from '../helpers/demo-apps.js';
import type { Reply } from '../../src/types.js';

/** A probe below is often a whole evaluation: not more often than that may run. */
const slowPoll = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };
const log = pino({ level: 'silent' });
const { apps, homes } = stoppedAfterEach();

async function appOn(home: string, locale: 'en' | 'zh-CN') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-restart-busy-'));
  const config = resolveConfig(
    configSchema.parse({
      locale,
      state_dir: path.join(dir, 'state'),
      schedule: '0 0 1 1 *',
      targets: [demoTargetConfig(home)],
      remediate: { auto_restart: false, cooldown: '0s', verify_timeout: '30s' },
    }),
    undefined,
  );
  const app = await createApp(config, { log, restartPollMs: 100 });
  apps.push(app);
  const say = async (text: string) => {
    const replies: Reply[] = [];
    await app.handle({ channel: 'console', senderId: 'local', text }, async (r) => void replies.push(r));
    return replies;
  };
  return { app, say };
}

describe('/restart on a healthy gateway with busy agents', () => {
  it('names the turns (who, since when) in its one question, and its confirm restarts', {
    timeout: 120_000,
  }, async () => {
    const home = path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-restart-busy-home-')), 'hermes');
    homes.push(home);
    expect((await startDemo(home, {})).ok).toBe(true);
    const { app, say } = await appOn(home, 'en');
    await until(
      'a healthy start',
      where(
        () => app.core.evaluate('demo'),
        (r) => r.findings.length === 0 && r.evidence.state?.gateway_state === 'running',
      ),
      slowPoll,
    );

    // Three turns running, as the runner logs them (one more chat was answered already), and active_agents=3 as the
    // gateway writes it at a turn boundary.
    const now = Date.now();
    const at = { qq: now - 95_000, answered: now - 80_000, feishu: now - 40_000, qq2: now - 12_000 };
    appendFileSync(
      path.join(home, 'logs', 'gateway.log'),
      [
        formatRecord(
          at.qq,
          'INFO',
          'gateway.run',
          "inbound message: platform=qqbot user=A37B46B0A04E3326D727DFD81FCFEBA9 chat=A37B46B0A04E3326D727DFD81FCFEBA9 msg='check the disk' reply_to_id=None reply_to_text=''",
        ),
        formatRecord(
          at.answered,
          'INFO',
          'gateway.run',
          "inbound message: platform=feishu user=ou_answered chat=oc_answered msg='hi' reply_to_id=None reply_to_text=''",
        ),
        formatRecord(
          at.answered + 3_000,
          'INFO',
          'gateway.run',
          'response ready: platform=feishu chat=oc_answered time=3.0s api_calls=1 response=12 chars',
        ),
        formatRecord(
          at.feishu,
          'INFO',
          'gateway.run',
          "inbound message: platform=feishu user=ou_7d3a1f9e2b4c6d8e0f1a2b3c4d5e6f70 chat=oc_5e2f7a9c1d3b8e6f0a4c2d9e7b1f3a5c msg='summarise the report' reply_to_id=None reply_to_text=''",
        ),
        formatRecord(
          at.qq2,
          'INFO',
          'gateway.run',
          "inbound message: platform=qqbot user=B11C chat=B11C msg='and the logs' reply_to_id=None reply_to_text=''",
        ),
        '',
      ].join('\n'),
    );
    const stateFile = path.join(home, 'gateway_state.json');
    writeFileSync(stateFile, JSON.stringify({ ...JSON.parse(readFileSync(stateFile, 'utf8')), active_agents: 3 }));
    await until(
      'the busy agents seen',
      where(
        () => app.core.evaluate('demo'),
        (r) => r.evidence.state?.active_agents === 3 && r.findings.length === 0,
      ),
      slowPoll,
    );
    const pid0 = (await demoStatus(home)).pid;

    const asked = (await say('/restart demo'))[0]!;
    expect(asked).toMatchObject({
      title: 'demo looks healthy, and is running 3 agent turns right now: a restart cuts them off. Restart anyway?',
      outcome: 'refused',
    });
    expect(asked.lines).toEqual([
      `• qqbot, user A37B46B0…, since ${formatTime(at.qq)}`,
      `• feishu, user ou_7d3a1…, since ${formatTime(at.feishu)}`,
      `• qqbot, user B11C, since ${formatTime(at.qq2)}`,
      'To go ahead: /restart demo confirm',
    ]);
    expect(asked.buttons).toMatchObject([{ command: '/restart demo confirm' }]);

    // The same question in Chinese, from a gatewatch whose locale is zh-CN.
    const zh = await appOn(home, 'zh-CN');
    const zhAsked = (await zh.say('/restart demo'))[0]!;
    expect(zhAsked.title).toBe('demo 看起来正常，但此刻正在运行 3 个 agent 对话轮次：重启会中断它们。仍要重启吗？');
    expect(zhAsked.lines![0]).toBe(`• qqbot，用户 A37B46B0…，开始于 ${formatTime(at.qq)}`);
    expect(zhAsked.lines!.at(-1)).toContain('/restart demo confirm');

    // Its one confirm restarts: no second question.
    const done = await say('/restart demo confirm');
    expect(done.at(-1)).toMatchObject({ outcome: 'ok' });
    expect(done.at(-1)!.title).toMatch(/^Restarted demo: verified in/);
    expect((await app.audit.read()).filter((r) => r.type === 'restart.begin')).toHaveLength(1);
    expect((await demoStatus(home)).pid).not.toBe(pid0);
  });

  it('`interrupt` alone is enough on a healthy busy gateway', { timeout: 120_000 }, async () => {
    const home = path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-restart-busy-home-')), 'hermes');
    homes.push(home);
    expect((await startDemo(home, {})).ok).toBe(true);
    const { app, say } = await appOn(home, 'en');
    await until(
      'a healthy start',
      where(
        () => app.core.evaluate('demo'),
        (r) => r.findings.length === 0 && r.evidence.state?.gateway_state === 'running',
      ),
      slowPoll,
    );
    const stateFile = path.join(home, 'gateway_state.json');
    writeFileSync(stateFile, JSON.stringify({ ...JSON.parse(readFileSync(stateFile, 'utf8')), active_agents: 2 }));
    await until(
      'the busy agents seen',
      where(
        () => app.core.evaluate('demo'),
        (r) => r.evidence.state?.active_agents === 2,
      ),
      slowPoll,
    );
    // No runner line names them: the question says when the gateway last counted them.
    const asked = (await say('/restart demo'))[0]!;
    expect(asked.title).toBe(
      'demo looks healthy, and is running 2 agent turns right now: a restart cuts them off. Restart anyway?',
    );
    expect(asked.lines![0]).toMatch(
      /^• gateway\.log names none of them; gateway_state\.json counted 2 at \d\d-\d\d \d\d:\d\d:\d\d$/,
    );
    const done = await say('/restart demo interrupt');
    expect(done.at(-1)).toMatchObject({ outcome: 'ok' });
  });
});
