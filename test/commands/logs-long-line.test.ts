// /logs after one huge line (issue 55 item 9): a plugin that logs a 5 MB payload on one line made the built CLI say
// "last 16 lines" of a 30 asked for, show the middle of that line, drop every line written before it, and claim
// message bodies were hidden. Now the lines around it are shown, the line by its start, and what was cut is said.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-run.js';

const stamp = (m: number, s: number) => `2026-01-01 00:0${m}:${String(s).padStart(2, '0')},000`;

function home(): { dir: string; config: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-logs-long-'));
  mkdirSync(path.join(dir, 'hermes', 'logs'), { recursive: true });
  const lines = [
    ...Array.from({ length: 20 }, (_, i) => `${stamp(0, i)} INFO gateway.run: before ${i}`),
    `${stamp(1, 0)} WARNING gateway.run: huge ${'x'.repeat(5 << 20)}`,
    ...Array.from({ length: 15 }, (_, i) => `${stamp(2, i)} INFO gateway.run: after ${i}`),
  ];
  writeFileSync(path.join(dir, 'hermes', 'logs', 'gateway.log'), `${lines.join('\n')}\n`);
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    `state_dir: ${dir}/state\ntargets: [{ name: box, hermes_home: ${dir}/hermes, service: { manager: none } }]\n`,
  );
  return { dir, config };
}

describe('/logs after a 5 MB line', { timeout: 60_000 }, () => {
  it('shows the lines before and after it, the line by its start, and says what it cut (en, zh-CN)', async () => {
    const { dir, config } = home();
    const r = await runCli(dir, ['logs', '-n', '30', '--config', config], { env: { LANG: 'en_US.UTF-8' } });
    expect(r.code).toBe(0);
    const out = r.stdout.split('\n');
    expect(out[0]).toBe('ℹ️ box: last 30 lines of gateway.log');
    expect(r.stdout).toContain('1 line is longer than 2000 characters, shown up to there (the longest: 5.0 MB).');
    expect(r.stdout).not.toContain('Message bodies');
    const shown = out.filter((l) => l.startsWith('  2026-'));
    expect(shown).toHaveLength(30);
    expect(shown[0]).toBe(`  ${stamp(0, 6)} INFO gateway.run: before 6`);
    const head = `${stamp(1, 0)} WARNING gateway.run: huge `;
    expect(shown[14]).toBe(`  ${head}${'x'.repeat(2000 - head.length)}…`);
    expect(shown[15]).toBe(`  ${stamp(2, 0)} INFO gateway.run: after 0`);

    const zh = await runCli(dir, ['logs', '-n', '30', '--config', config], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.stdout).toContain('1 行超过 2000 个字符，只显示到这里（最长的一行 5.0 MB）。');

    // A filter sees the lines before it too, and the line by its start.
    const grep = await runCli(dir, ['logs', '--grep', 'before 3|huge', '--config', config]);
    expect(
      grep.stdout
        .split('\n')
        .filter((l) => l.startsWith('  2026-'))
        .map((l) => l.slice(0, 60)),
    ).toEqual([
      `  ${stamp(0, 3)} INFO gateway.run: before 3`,
      `  ${stamp(1, 0)} WARNING gateway.run: huge ${'x'.repeat(8)}`,
    ]);
  });
});
