// `gatewatch init` typed at a real terminal (a pseudo-terminal from util-linux' `script`): the bot token it asks for is
// not echoed, so it stays off the screen and out of the terminal's scrollback (issue 80); what was typed, its
// backspaces applied, is what the env file gets. The other answers echo as a terminal does.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

afterEach(cleanup);

const hasScript = spawnSync('sh', ['-c', 'command -v script'], { stdio: 'ignore' }).status === 0;
const TOKEN = '123456789:AAHsecretTOKENvalue_abcdefghijklmnopqrst';

describe.runIf(hasScript && process.platform === 'linux')('init at a terminal', () => {
  it('does not echo the bot token as it is typed, and writes what was typed', { timeout: 60_000 }, async () => {
    const dir = await tempDir('gw-init-tty-');
    const home = path.join(dir, 'home');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    writeFileSync(path.join(home, 'gateway_state.json'), '{"gateway_state":"stopped"}');
    const config = path.join(dir, 'config.yaml');
    const argv = [
      CLI,
      'init',
      '--channel',
      'telegram',
      '--operator-id',
      '42',
      '--hermes-home',
      home,
      '--config',
      config,
    ];
    const cmd = [process.execPath, ...argv].map((a) => `'${a}'`).join(' ');
    const env = { ...process.env, HOME: dir, TELEGRAM_BOT_TOKEN: '', GATEWATCH_TELEGRAM_TOKEN: '' };
    const tty = spawn('script', ['-qec', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    tty.stdout.on('data', (d) => (out += d));
    tty.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => tty.on('exit', r));
    await until('the token asked for', () => out.includes('bot_token'), { timeoutMs: 30_000 });
    // Typed as at a keyboard: a slip, its backspace, then Enter (a carriage return).
    tty.stdin.write(`${TOKEN}X\x7f\r`);
    // Then, of the gateway found: watch it? may gatewatch restart it? Typed, and echoed as typed (no secret).
    await until('the gateway asked about', () => out.includes('Watch '), { timeoutMs: 30_000 });
    tty.stdin.write('y\r');
    await until('its restart asked about', () => out.includes('May gatewatch restart'), { timeoutMs: 30_000 });
    tty.stdin.write('yes\r');
    expect(await exited, out).toBe(0);
    expect(out).toContain('Wrote');
    expect(out).not.toContain('AAHsecret');
    expect(readFileSync(path.join(dir, 'env'), 'utf8')).toContain(`=${TOKEN}\n`);
  });
});
