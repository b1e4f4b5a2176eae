// Issue 80 item 6: ASCII commas, colons and brackets mixed with Chinese ones in `status`, `check` and `validate`
// (`未运行 (没有 pid 文件)`, `像你一样启动它: \`service: …\``). What gatewatch itself says in Chinese uses full-width
// punctuation beside Chinese; a quoted line (`| …`), code (`…`) and Hermes' own words keep theirs.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-run.js';

/** A home whose state file says running for a pid that is gone: status, check and validate all have words for it. */
function deadHome(): { dir: string; config: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-zh-punct-'));
  const home = path.join(dir, 'h');
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  writeFileSync(path.join(home, 'logs', 'gateway.log'), '');
  writeFileSync(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({ gateway_state: 'running', pid: 999_999, platforms: { telegram: { state: 'connected' } } }),
  );
  const config = path.join(dir, 'c.yaml');
  writeFileSync(
    config,
    [
      `state_dir: ${dir}/s`,
      'locale: zh-CN',
      `targets: [{ name: box, hermes_home: ${home}, service: { manager: none } }]`,
      'channels:',
      "  telegram: { bot_token: '123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-dz' }",
      'operators: [{ name: a, role: admin, telegram_id: 1 }]',
    ].join('\n'),
  );
  return { dir, config };
}

const CJK = '[\\u4e00-\\u9fff]';
/** ASCII `(`, `:` or `,` right after a Chinese character, or `)` right before one. */
const MIXED = new RegExp(`${CJK} ?[(:,]|\\) ?${CJK}`, 'u');

/** gatewatch's own words in a line: its code spans and quoted lines left out. */
const ownWords = (out: string) =>
  out
    .split('\n')
    .filter((l) => !/^\s*\|/.test(l))
    .map((l) => l.replace(/`[^`]*`/g, '`…`'));

describe('Chinese output punctuated as Chinese', { timeout: 60_000 }, () => {
  it.each([['status'], ['check'], ['validate']])('%s', async (verb) => {
    const { dir, config } = deadHome();
    const r = await runCli(dir, [verb, '--config', config]);
    expect(r.stdout).toMatch(/[\u4e00-\u9fff]/u);
    expect(ownWords(r.stdout).filter((l) => MIXED.test(l))).toEqual([]);
  });
});
