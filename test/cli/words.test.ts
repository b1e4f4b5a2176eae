// A person's words where the CLI said internal ones, in both locales: doctor's running channels were "-" without a
// daemon, `demo fail` listed a check id ("restart_loop.stale_unit"), init said the demo is "restarted through its ctl
// commands". The built CLI, as a newcomer runs it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-run.js';

const zh = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const en = { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' };

/** A check's id as the code names it (`restart_loop.stale_unit`), outside a quoted command; not a file's name. */
const CHECK_ID = /\b[a-z]+_[a-z_]+\.(?!(json|log|pid|db)\b)[a-z_]+\b/;
const unquoted = (line: string) => line.replace(/`[^`]*`|"[^"]*"/g, '');

/** A Hermes home the demo gateway ran in (its options file), with a log. */
function demoHome(dir: string): string {
  const home = path.join(dir, 'demo-hermes');
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  writeFileSync(path.join(home, '.demo-options.json'), '{}');
  writeFileSync(path.join(home, 'logs', 'gateway.log'), '');
  return home;
}

describe('words a person reads', { timeout: 60_000 }, () => {
  it('`demo fail` lists what each fault does, never a check id', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-words-'));
    for (const env of [en, zh]) {
      const r = await runCli(dir, ['demo', 'fail'], { env });
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n').filter((l) => l.startsWith('  '));
      expect(lines.length).toBeGreaterThan(20);
      expect(lines.filter((l) => CHECK_ID.test(unquoted(l)))).toEqual([]);
      expect(r.stdout).toMatch(
        env === en
          ? /stale-unit +\(v0\.21\) the systemd unit stops the gateway/
          : /stale-unit +\(v0\.21\) systemd 单元/,
      );
    }
  });

  it("doctor without a daemon says no channel runs here, and names the console in the reader's words", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-words-'));
    const home = demoHome(dir);
    for (const [locale, env] of [
      ['en', en],
      ['zh-CN', zh],
    ] as const) {
      const config = path.join(dir, `${locale}.yaml`);
      writeFileSync(
        config,
        `locale: ${locale}\nstate_dir: ${dir}/state\ntargets: [{ name: box, hermes_home: ${home}, service: { manager: none } }]\nchannels: { console: {} }\n`,
      );
      const r = await runCli(dir, ['doctor', '--config', config], { env });
      const channels = /^\s+(channels|渠道)\s+(.*)$/m.exec(r.stdout)?.[2];
      expect(channels).toBe(
        locale === 'en'
          ? 'none running: gatewatch is not running here (the channels it would use are the alert channels below)'
          : '没有在运行的渠道：gatewatch 没有在这里运行（它会用的渠道见下方的告警渠道）',
      );
      expect(r.stdout).toMatch(locale === 'en' ? /alert channels\s+console/ : /告警渠道\s+控制台/);
    }
  });

  it('init on the demo gateway says how gatewatch restarts it', async () => {
    for (const env of [en, zh]) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-words-'));
      const r = await runCli(dir, ['init', '--hermes-home', demoHome(dir), '--yes'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(
        env === en
          ? "the demo gateway: gatewatch restarts it with the demo's own start and stop commands"
          : '演示网关：gatewatch 用演示自带的启动和停止命令重启它',
      );
      expect(r.stdout).not.toMatch(/ctl/);
    }
  });
});
