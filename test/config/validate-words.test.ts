// `gatewatch validate` says what is wrong as a person would, in both locales: what the key takes and what it was
// given, never the validator's own sentence ("Invalid option: expected one of "en"|"zh-CN"", "Invalid input: expected
// number, received string", "无效输入"); and its summary names the files and the service as a reader knows them, not
// by the config's keys ("log 正常, state 正常, pid 不存在, agent_log 不存在；服务 command", "渠道：console").
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-run.js';
import { englishProse } from '../helpers/english-prose.js';

/** zod's own words, English and Chinese (node_modules/zod/v4/locales): never what a person reads. */
const VALIDATOR =
  /Invalid (input|option|string|number|key|value|discriminator)|Too (big|small)|Unrecognized key|received \w+|expected \w+ to (have|be)|"\w+"\|"|无效(输入|选项|字符串|数字)|数值过[大小]|出现未知的键|期望|实际接收/;

const zh = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const en = { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' };

function setUp(): { dir: string; bad: string; good: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-validate-words-'));
  const hermes = path.join(dir, 'hermes');
  mkdirSync(path.join(hermes, 'logs'), { recursive: true });
  writeFileSync(path.join(hermes, 'logs', 'gateway.log'), '');
  const bad = path.join(dir, 'bad.yaml');
  writeFileSync(
    bad,
    [
      `state_dir: ${dir}/state`,
      'locale: fr',
      `targets: [{ name: box, hermes_home: ${hermes}, service: { manager: none } }]`,
      'remediate: { max_restarts: "three" }',
      'detect: { storm: { disconnects: 1 }, reachability: nope }',
      'http: { listen: 9477 }',
      'operators: [{ name: ops, role: root }]',
      '',
    ].join('\n'),
  );
  const good = path.join(dir, 'good.yaml');
  writeFileSync(
    good,
    [
      `state_dir: ${dir}/state`,
      'targets:',
      `  - { name: box, hermes_home: ${hermes}, platforms: [feishu, qqbot], service: { manager: command, is_active: [/bin/true], restart: [/bin/true] } }`,
      'channels: { console: {} }',
      '',
    ].join('\n'),
  );
  return { dir, bad, good };
}

describe('validate in a person’s words', { timeout: 60_000 }, () => {
  it('each refused value says what the key takes and what it got, in English', async () => {
    const { dir, bad } = setUp();
    const r = await runCli(dir, ['validate', '--config', bad], { env: en });
    expect(r.code).toBe(78);
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: ${bad}:2: key "locale": expected one of: en, zh-CN`,
      `error: ${bad}:4: key "remediate.max_restarts": expected a number, got text`,
      `error: ${bad}:5: key "detect.storm.disconnects": expected 2 or more`,
      `error: ${bad}:5: key "detect.reachability": expected false or a mapping (key: value), got text`,
      `error: ${bad}:6: key "http.listen": expected text, got a number`,
      `error: ${bad}:7: key "operators[0].role": expected one of: admin, viewer`,
    ]);
    expect(r.stderr).not.toMatch(VALIDATOR);
  });

  it('and in Chinese', async () => {
    const { dir, bad } = setUp();
    const r = await runCli(dir, ['validate', '--config', bad], { env: zh });
    expect(r.code).toBe(78);
    expect(r.stderr.trim().split('\n')).toEqual([
      `错误：${bad}:2：键“locale”：应为以下之一：en、zh-CN`,
      `错误：${bad}:4：键“remediate.max_restarts”：应为数字，这里是文字`,
      `错误：${bad}:5：键“detect.storm.disconnects”：应不小于 2`,
      `错误：${bad}:5：键“detect.reachability”：应为 false 或映射（键：值），这里是文字`,
      `错误：${bad}:6：键“http.listen”：应为文字，这里是数字`,
      `错误：${bad}:7：键“operators[0].role”：应为以下之一：admin、viewer`,
    ]);
    expect(r.stderr).not.toMatch(VALIDATOR);
  });

  it('its summary names the files, the service and the channels as a reader knows them', async () => {
    const { dir, good } = setUp();
    const e = await runCli(dir, ['validate', '--config', good], { env: en });
    expect(e.code).toBe(0);
    expect(e.stdout).toContain(
      "gateway.log ok, no gateway_state.json, no gateway.pid, no agent.log; service: the commands in gatewatch's config; platforms: Feishu, QQ",
    );
    expect(e.stdout).toContain('channels: console\n');
    const z = await runCli(dir, ['validate', '--config', good], { env: zh });
    expect(z.code).toBe(0);
    expect(z.stdout).toContain(
      'gateway.log 正常、无 gateway_state.json、无 gateway.pid、无 agent.log；服务：gatewatch 配置中的命令；平台：飞书、QQ',
    );
    expect(z.stdout).toContain('渠道：控制台\n');
    expect(z.stdout).not.toMatch(/(?<![.\w])(log|state|pid|agent_log) (正常|不存在)|服务 command|渠道：console/);
    expect(`${z.stdout}\n${z.stderr}`.split('\n').filter((l) => englishProse(l).length)).toEqual([]);
  });
});
