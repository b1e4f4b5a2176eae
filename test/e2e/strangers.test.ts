// `gatewatch strangers`: who wrote to the bot and was refused, with the `operators:` line that lets them in, where a
// newcomer was sent to `grep command.denied …/audit.jsonl` to learn their own QQ openid. The built CLI against a daemon
// whose QQ channel talks to a loopback QQ open platform (test/fakes/qq-server.ts): a stranger writes, the daemon
// refuses; the verb names them (from the daemon, then from the audit log with none running, in Chinese), and the line
// it gives, pasted into the config, makes them an operator the daemon answers.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { runCli } from '../helpers/cli-run.js';
import { until } from '../helpers/until.js';
import { startFakeQQ, type FakeQQ } from '../fakes/qq-server.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
let child: ChildProcessWithoutNullStreams | undefined;
afterEach(async () => {
  await endCli(child);
  child = undefined;
  while (cleanups.length) await cleanups.pop()!();
});

const OPENID = 'E2D1F0A9B8C7D6E5F4A3B2C1D0E9F8A7';

function setup(qq: FakeQQ, locale: 'en' | 'zh-CN', operators: string[] = []): { home: string; file: string } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-strangers-'));
  const hermes = path.join(home, 'hermes');
  mkdirSync(path.join(hermes, 'logs'), { recursive: true });
  writeFileSync(path.join(hermes, 'logs', 'gateway.log'), '');
  const file = path.join(home, 'config.yaml');
  writeFileSync(file, configText(home, qq, locale, operators));
  return { home, file };
}

function configText(home: string, qq: FakeQQ, locale: string, operators: string[]): string {
  return [
    `locale: ${locale}`,
    `state_dir: ${path.join(home, 'state')}`,
    `targets: [{ name: default, hermes_home: ${path.join(home, 'hermes')}, service: { manager: none } }]`,
    'channels:',
    '  console: {}',
    `  qq: { app_id: "102000001", client_secret: qq-secret, api_base: "${qq.baseUrl}", token_url: "${qq.tokenUrl}" }`,
    ...(operators.length ? ['operators:', ...operators] : ['operators: []']),
    '',
  ].join('\n');
}

describe('gatewatch strangers', () => {
  it('names who wrote and was refused, with the line that lets them in; that line does', {
    timeout: 180_000,
  }, async () => {
    const qq = await startFakeQQ({ appId: '102000001', clientSecret: 'qq-secret' });
    cleanups.push(() => qq.close());
    const { home, file } = setup(qq, 'en');

    const none = await runCli(home, ['strangers', '--config', file]);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/Nobody was refused/);
    expect(none.stdout).toMatch(/write any message to the bot/);

    const cli = startConsoleCli(home, ['run', '--config', file]);
    child = cli.child;
    await qq.waitFor('a ready QQ session', () => qq.readyConns().length > 0, 60_000);
    const msg = qq.pushC2C(OPENID, '/status');
    await qq.waitFor('the refusal', () => qq.sent.some((s) => s.body.msg_id === msg), 60_000);

    // Answered by the daemon.
    const live = await runCli(home, ['strangers', '--config', file]);
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout).toMatch(/Refused as not operators: 1 sender/);
    expect(live.stdout).toMatch(new RegExp(`qq ${OPENID}: 1 message, the last at \\S+ \\S+: "/status"`));
    const line = `  - { name: "qq-e2d1f0", role: admin, qq_openid: "${OPENID}" }`;
    // The text renderer indents a code block by two spaces: the lines keep their YAML shape.
    expect(live.stdout).toContain(`  operators:\n  ${line}`);
    expect(live.stdout).toContain(`under \`operators:\` in ${file}`);
    expect(live.stdout).not.toMatch(/command\.denied|audit\.jsonl/);
    await endCli(child);
    child = undefined;

    // No daemon: read from the audit log, in Chinese.
    const zhFile = path.join(home, 'zh.yaml');
    writeFileSync(zhFile, configText(home, qq, 'zh-CN', []));
    const zh = await runCli(home, ['strangers', '--config', zhFile]);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toMatch(/因不是操作者而被拒绝：1 位发送者/);
    expect(zh.stdout).toMatch(new RegExp(`qq ${OPENID}：1 条消息`));
    expect(zh.stdout).toContain(line);

    // The line it gave, pasted in: the same person is an operator now, and answered.
    writeFileSync(file, configText(home, qq, 'en', [line]));
    const ok = await runCli(home, ['validate', '--config', file]);
    expect(ok.code, ok.stderr).toBe(0);
    const again = startConsoleCli(home, ['run', '--config', file]);
    child = again.child;
    const before = qq.conns.length;
    // The new daemon's own session, ready, and the only one open: a message pushed before would go to no one.
    await qq.waitFor(
      'the new daemon ready on QQ',
      () => qq.conns.slice(before).some((x) => x.ready && x.closedAt === undefined) && qq.active()?.ready === true,
      90_000,
    );
    const asked = qq.pushC2C(OPENID, '/status');
    const reply = await qq.waitFor('the answer', () => qq.sent.find((s) => s.body.msg_id === asked), 60_000);
    expect(String(reply.body.content)).not.toMatch(/not allowed/);
    await until('the command is audited as the operator', () =>
      readFileSync(path.join(home, 'state', 'audit.jsonl'), 'utf8').includes('"actor":"qq-e2d1f0"'),
    );
  });
});
