// The exit codes are a contract for scripts (issue 61 item 3): each example here exits with the code whose row of the
// exit code table (docs/cli.md and its Chinese twin) names its case, and says so in one `gatewatch: …` line. The rows
// are read from the docs themselves, so a table and the CLI cannot drift apart unseen.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliHere } from './helpers/cli-run.js';
import { pageOf, readDoc } from './helpers/docs.js';
import { quietHome } from './helpers/quiet-home.js';

/** The exit code table: code → its row's words. */
function exitTable(file: string): Map<number, string> {
  const text = readDoc(file);
  const rows = new Map<number, string>();
  for (const m of text.matchAll(/^\| (\d+) \| (.+) \|$/gm)) rows.set(Number(m[1]), m[2]!);
  return rows;
}

const { home, hermes, config } = quietHome({ prefix: 'gw-exits-' });
const broken = path.join(home, 'broken.yaml');
writeFileSync(broken, `state_dir: ${home}/state\ntargets: [{ name: box, hermes_home: ${hermes}, nope: 1 }]\n`);

/** An invocation, the code it exits with, and what that code's row says of it in each locale. */
const CASES: { args: string[]; code: number; en: RegExp; zh: RegExp }[] = [
  { args: ['frobnicate'], code: 64, en: /an unknown command/, zh: /未知的命令/ },
  { args: ['logs', '--bogus', '--config', config], code: 64, en: /or option/, zh: /或选项/ },
  {
    args: ['mute', '--for', 'banana', '--config', config],
    code: 64,
    en: /`mute --for banana`/,
    zh: /`mute --for banana`/,
  },
  { args: ['history', '2', '3', '--config', config], code: 64, en: /a bad argument or count/, zh: /参数或数量不对/ },
  { args: ['status', 'nosuch', '--config', config], code: 2, en: /an unknown target/, zh: /未知的目标|未知目标/ },
  { args: ['status', '--config', broken], code: 78, en: /config error/, zh: /配置错误/ },
];

describe('exit codes as the docs’ table says (both locales)', () => {
  const en = exitTable(pageOf('cli.md', 'en'));
  const zh = exitTable(pageOf('cli.md', 'zh-CN'));

  it.each(CASES.map((c) => [c.args.join(' '), c] as const))('gatewatch %s', async (_, c) => {
    const r = await runCliHere(home, c.args, { env: { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' } });
    expect(r.code, r.stderr).toBe(c.code);
    expect(en.get(c.code)).toMatch(c.en);
    expect(zh.get(c.code)).toMatch(c.zh);
    // One line, `gatewatch: …` first (a usage line may follow an argument error, never a stack or the whole help).
    if (c.code !== 2) expect(r.stderr.split('\n')[0]).toMatch(/^gatewatch: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
