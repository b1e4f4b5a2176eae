// /logs filters are operator (even viewer) input: they must run in linear time with bounded work, so no pattern can
// freeze the watchdog. Real router, real log files, real CLI process.
import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { renderText } from '../../src/delivery/render-text.js';
import type { InboundMessage, Reply } from '../../src/types.js';
import { TEST_DIR } from '../helpers/paths.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const operators = [{ name: 'victor', role: 'viewer', feishu_open_id: 'ou_victor' }];

async function say(text: string, from: Partial<InboundMessage> = {}): Promise<Reply[]> {
  const replies: Reply[] = [];
  await h!.app.handle({ channel: 'feishu', senderId: 'ou_victor', text, ...from }, async (r) => void replies.push(r));
  return replies;
}
const text = (rs: Reply[]) => rs.map((r) => renderText(r)).join('\n');

/** Runs fn while a 10 ms interval ticks; returns the longest gap between ticks (how long the loop was blocked). */
async function maxLoopGap<T>(fn: () => Promise<T>): Promise<{ result: T; gapMs: number; tookMs: number }> {
  let last = performance.now();
  let gap = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    gap = Math.max(gap, t - last);
    last = t;
  }, 10);
  const start = performance.now();
  try {
    const result = await fn();
    const t = performance.now();
    gap = Math.max(gap, t - last);
    return { result, gapMs: gap, tookMs: t - start };
  } finally {
    clearInterval(timer);
  }
}

const LINE = (i: number) => `2026-06-22 08:00:${String(i % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')} INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Access token refreshed, expires in 7200s (${i})\n`;

function writeLog(h: Harness, lines: string[]): string {
  const log = path.join(h.hermesHome, 'logs', 'gateway.log');
  writeFileSync(log, lines.join(''));
  return log;
}

describe('/logs filter cannot freeze gatewatch', () => {
  it('a catastrophically backtracking pattern returns quickly and the event loop keeps ticking', async () => {
    h = await startHarness({ config: { operators }, start: false });
    // A line without `#` makes a backtracking engine explode on `(.*.*)*#`: exponential in the line's length (a
    // 12-character line costs V8's RegExp seconds, a real log line forever). Lines with `#` match at once.
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) lines.push(LINE(i).replace('\n', ' #\n'));
    for (let i = 0; i < 4; i++) lines.push('xxxxxxxxxxxx\n', LINE(i).replace('\n', ' #\n'));
    writeLog(h, lines);
    const { result, gapMs, tookMs } = await maxLoopGap(() => say('/logs 200 (.*.*)*#'));
    const got = result[0]!.code![0]!.split('\n');
    expect(got).toHaveLength(200);
    expect(got.every((l) => l.endsWith('#'))).toBe(true);
    expect(tookMs).toBeLessThan(10_000);
    expect(gapMs).toBeLessThan(1_000);
  });

  it('a pattern that defeats the DFA on a large log is stopped by its work budget, and says so', async () => {
    h = await startHarness({ config: { operators }, start: false });
    // Random a/b lines make `[ab]*a[ab]{20}c` thrash the linear engine's state cache: linear, but slow per byte.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const lines: string[] = [];
    for (let i = 0; i < 40_000; i++) lines.push(Array.from({ length: 100 }, () => (rnd() < 0.5 ? 'a' : 'b')).join('') + '\n');
    writeLog(h, lines);
    const { result, gapMs, tookMs } = await maxLoopGap(() => say('/logs 200 [ab]*a[ab]{20}c'));
    expect(tookMs).toBeLessThan(30_000);
    expect(gapMs).toBeLessThan(1_000);
    expect(text(result)).toMatch(/No matching lines|search stopped/i);
  });

  it('a huge single line is cut, not redacted whole on the loop', async () => {
    h = await startHarness({ config: { operators }, start: false });
    writeLog(h, [LINE(1), `${'token=abc123 '.repeat(250_000)}\n`, LINE(2)]);
    for (const cmd of ['/logs 5', '/logs 5 token']) {
      const { result, gapMs } = await maxLoopGap(() => say(cmd));
      const got = result[0]!.code![0]!.split('\n');
      expect(got.every((l) => l.length <= 2001)).toBe(true);
      expect(got.join('\n')).not.toContain('abc123');
      expect(gapMs).toBeLessThan(1_000);
    }
  });

  it('commands from another operator are answered while a costly filter runs', async () => {
    h = await startHarness({ config: { operators }, start: false });
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) lines.push(LINE(i));
    writeLog(h, lines);
    const slow = say('/logs 200 (?:\\w+\\s?)*z$');
    const help = await say('/help');
    expect(text(help)).toMatch(/gatewatch commands/);
    await slow;
  });
});

describe('/logs filters still work', () => {
  it('literal, case-insensitive, regex, alternation, and an invalid pattern as a plain substring', async () => {
    h = await startHarness({ config: { operators }, start: false });
    writeLog(h, [
      LINE(1),
      '2026-06-22 08:01:00,000 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket closed: code=4009, reason=Session timed out\n',
      '2026-06-22 08:01:05,000 ERROR gateway.platforms.qqbot.adapter: [QQBot:102345678] Max reconnect attempts reached\n',
      '2026-06-22 08:01:06,000 INFO gateway.run: odd (text [here\n',
      LINE(2),
    ]);
    const codeLines = (rs: Reply[]) => (rs[0]!.code?.[0] ?? '').split('\n').filter(Boolean);
    expect(codeLines(await say('/logs 10 Max reconnect'))).toEqual([expect.stringContaining('Max reconnect attempts reached')]);
    expect(codeLines(await say('/logs 10 max RECONNECT'))).toHaveLength(1);
    expect(codeLines(await say('/logs 10 code=40(09|04)'))).toEqual([expect.stringContaining('code=4009')]);
    expect(codeLines(await say('/logs 10 4009|Max reconn'))).toHaveLength(2);
    expect(codeLines(await say('/logs 10 ^2026.*refreshed.*\\(2\\)$'))).toEqual([expect.stringContaining('(2)')]);
    // Not a valid pattern: matched as plain text, as before.
    expect(codeLines(await say('/logs 10 (text [here'))).toEqual([expect.stringContaining('odd (text [here')]);
    // The count still applies to matches, newest last.
    expect(codeLines(await say('/logs 1 refreshed'))).toEqual([expect.stringContaining('(2)')]);
  });

  it('a pattern longer than the bound is refused with a clear reply', async () => {
    h = await startHarness({ config: { operators }, start: false });
    writeLog(h, [LINE(1)]);
    expect(text(await say(`/logs 10 ${'a'.repeat(500)}`))).toMatch(/too long/i);
  });
});

const CLI = path.join(TEST_DIR, '..', 'dist', 'src', 'cli.js');
const run = promisify(execFile);

describe('gatewatch logs --grep', () => {
  it('filters with a regular expression, and a hostile one ends quickly', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-grep-'));
    const home = path.join(dir, 'hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    const log = path.join(home, 'logs', 'gateway.log');
    writeFileSync(log, '');
    for (let i = 0; i < 50; i++) appendFileSync(log, LINE(i));
    appendFileSync(log, '2026-06-22 08:01:05,000 ERROR gateway.platforms.qqbot.adapter: [QQBot:102345678] Max reconnect attempts reached\n');
    for (let i = 0; i < 3; i++) appendFileSync(log, 'xxxxxxxxxxxx\n');
    const config = path.join(dir, 'config.yaml');
    writeFileSync(config, `state_dir: ${dir}/state\ntargets:\n  - name: t\n    hermes_home: ${home}\n    service: { manager: none }\n`);
    const env = { ...process.env, GATEWATCH_LOG_LEVEL: 'error' };
    const ok = await run(process.execPath, [CLI, 'logs', '-n', '5', '--grep', 'Max reconn(ect)? att', '--config', config], { env, timeout: 30_000 });
    expect(ok.stdout).toMatch(/last 1 line\(s\) of gateway.log matching/);
    expect(ok.stdout).toContain('Max reconnect attempts reached');
    const t0 = Date.now();
    const bad = await run(process.execPath, [CLI, 'logs', '-n', '5', '--grep', '(.*.*)*#', '--config', config], { env, timeout: 30_000 });
    expect(bad.stdout).toMatch(/No matching lines/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});
