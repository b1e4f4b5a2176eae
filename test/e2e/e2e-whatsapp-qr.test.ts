// End to end, issue 22 item 5: WhatsApp logged out and the bridge printing a login QR code to bridge.log (the
// bridge's exact output, printed by qrcode-terminal itself). The built CLI watches a live gateway; Telegram (a fake
// Bot API on loopback) gets the code as a PNG a phone can scan in the admin's private chat, the alert's words as a
// reply to it; the webhook and the console (a pipe, not a terminal) get the words and where the code went, never its
// rows. A code refreshed seconds later is not sent again (at most once per 2 minutes); `✅ WhatsApp connected!`
// resolves it, judged within seconds of the bridge writing it (no schedule). The code never reaches state.json,
// outbox.json or the audit log.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleCli, endCli } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';
import { startFakeTelegram } from '../fakes/telegram-server.js';
import { startFakePush } from '../fakes/push-services.js';
import { healthyLiveGateway } from '../helpers/live-gateway.js';
import { cleanup } from '../helpers/probe-procs.js';
import { FIRST_QR_LOG, qrModulesOf, qrRowsOf, REFRESHED_QR_LOG } from '../helpers/qr-fixtures.js';
import { qrRevision } from '../../src/util/qr-code.js';

const TOKEN = '7012345679:AAHqr-login-token-0000000000000000';
const FIRST = FIRST_QR_LOG;
const REFRESHED = REFRESHED_QR_LOG;
const rowsOf = qrRowsOf;
const modulesOf = qrModulesOf;

const cleanups: (() => Promise<unknown> | unknown)[] = [];
let child: ChildProcessWithoutNullStreams | undefined;
afterEach(async () => {
  await endCli(child);
  child = undefined;
  while (cleanups.length) await cleanups.pop()!();
  await cleanup();
});

/** The PNG's size and its pixels (8-bit greyscale, filter 0 rows: what gatewatch writes), checked chunk by chunk. */
function readPng(png: Buffer): { width: number; height: number; grey: (x: number, y: number) => number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect([png[24], png[25]]).toEqual([8, 0]);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    if (png.subarray(at + 4, at + 8).toString('latin1') === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (width + 1));
  return { width, height, grey: (x, y) => raw[y * (width + 1) + 1 + x]! };
}

/** Every module's centre pixel is black exactly where the code has a dark module; the quiet zone is white. */
function expectCode(png: Buffer, modules: boolean[][]) {
  const n = modules.length;
  const { width, height, grey } = readPng(png);
  const scale = width / (n + 8);
  expect(Number.isInteger(scale)).toBe(true);
  expect(height).toBe(width);
  for (let y = -4; y < n + 4; y++) {
    for (let x = -4; x < n + 4; x++) {
      const dark = modules[y]?.[x] === true;
      expect(grey(Math.floor((x + 4 + 0.5) * scale), Math.floor((y + 4 + 0.5) * scale)), `module ${x},${y}`).toBe(
        dark ? 0 : 255,
      );
    }
  }
}

describe('WhatsApp re-login by QR, end to end', () => {
  // Bound by the sum of its waits, so that a slow one names its stage (and the daemon's stdout): a full run once ran
  // past 120 s with none of them said (2026-12-01); alone, and beside eight CPU burners, it takes 6-12 s.
  it("the admin's Telegram chat gets a PNG of the code, the webhook and console only where it went; a code refreshed at once is not re-sent; connecting resolves it", {
    timeout: 300_000,
  }, async () => {
    const tg = await startFakeTelegram({ token: TOKEN });
    cleanups.push(() => tg.close());
    tg.addChat({ id: 42, type: 'private', first_name: 'ops' });
    const hook = await startFakePush('webhook', { webhook: { secret: 'hook-secret-qr-1' } });
    cleanups.push(() => hook.close());

    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-qr-'));
    const hermes = path.join(home, 'hermes');
    mkdirSync(path.join(hermes, 'logs'), { recursive: true });
    await healthyLiveGateway(hermes);
    const bridgeLog = path.join(hermes, 'platforms', 'whatsapp', 'bridge.log');
    mkdirSync(path.dirname(bridgeLog), { recursive: true });
    writeFileSync(
      bridgeLog,
      '🌉 WhatsApp bridge listening on port 3000 (mode: bot)\n❌ Logged out. Delete session and restart to re-authenticate.\n' +
        FIRST,
    );
    const state = path.join(home, 'state');
    const file = path.join(home, 'config.yaml');
    writeFileSync(
      file,
      JSON.stringify({
        state_dir: state,
        targets: [
          { name: 'default', hermes_home: hermes, platforms: ['feishu', 'qqbot'], service: { manager: 'none' } },
        ],
        // A schedule that never fires here: after the start's evaluation, only a write to bridge.log leads to one
        // (the liveness poll, every 2 s by default, sees it), as a code lasting ~20 s needs.
        schedule: '0 0 1 1 *',
        channels: {
          console: {},
          telegram: { bot_token: TOKEN, api_base: tg.base, alert_to: [{ chat_id: 42 }] },
          notifiers: [{ type: 'webhook', name: 'hook', url: `${hook.base}/hook`, secret: 'hook-secret-qr-1' }],
        },
        // Chat 42 is the admin's own: the only place the code goes.
        operators: [{ name: 'alice', role: 'admin', telegram_id: 42 }],
      }),
    );
    const cli = startConsoleCli(home, ['run', '--console', '--config', file]);
    child = cli.child;

    const photos = () => tg.state.messages.filter((m) => m.photo);
    await until(
      'the QR code on Telegram',
      () => photos().length >= 1 && tg.state.messages.some((m) => m.reply_to === photos()[0]!.message_id),
      { timeoutMs: 60_000, everyMs: 100 },
    ).catch((e: Error) => {
      throw new Error(
        `${e.message}\nTelegram calls: ${tg.state.calls.map((c) => c.method).join(' ')}\nstdout:\n${cli.out()}`,
      );
    });
    const photo = photos()[0]!;
    expectCode(photo.photo!, modulesOf('first'));
    expect(photo.caption).toMatch(/WhatsApp is logged out: scan the QR code to link it again/);
    // The words go as a reply to the picture: the instruction, and no rows (the picture is the code).
    const words = tg.state.messages.find((m) => m.reply_to === photo.message_id)!;
    expect(words.text).toMatch(/Linked devices → Link a device, and scan this QR code/);
    expect(words.text).not.toMatch(/[▀▄█]/);

    // The webhook and the console (stdout is a pipe here, as under systemd it is the journal) never see the code:
    // the alert's words, and where the code went.
    await until('the alert on the webhook', () => hook.delivered().some((r) => r.body?.check === 'whatsapp_qr_login'), {
      timeoutMs: 30_000,
      everyMs: 100,
    });
    const doc = hook.delivered().find((r) => r.body?.check === 'whatsapp_qr_login')!;
    expect(doc.raw).toMatch(/went to the admins/);
    expect(doc.raw).not.toMatch(/[▀▄█]/);
    await cli.waitFor(/The QR code went to the admins' private chats\./);
    expect(cli.out()).not.toMatch(/[▀▄█]/);

    // Baileys refreshes the code seconds later: not sent again (at most once per 2 minutes, none after an ack).
    appendFileSync(bridgeLog, REFRESHED);
    // Judged: state.json holds the new code's revision (not the code).
    const revised = qrRevision(rowsOf(REFRESHED));
    await until(
      'the refreshed code judged',
      () => readFileSync(path.join(state, 'state.json'), 'utf8').includes(revised),
      { timeoutMs: 30_000, everyMs: 100 },
    );

    // Scanned: the incident resolves; Telegram edits the alert's words in place (a photo has no text to edit).
    appendFileSync(bridgeLog, '✅ WhatsApp connected!\n');
    await until(
      'the recovery on the webhook',
      () => hook.delivered().some((r) => r.body?.kind === 'resolve' && r.body?.check === 'whatsapp_qr_login'),
      { timeoutMs: 30_000, everyMs: 100 },
    );
    await until(
      'the alert edited on Telegram',
      () => tg.state.messages.some((m) => m.edits > 0 && /^✅/.test(m.text)),
      { timeoutMs: 30_000, everyMs: 100 },
    );
    expect(photos()).toHaveLength(1);
    expect(
      hook.delivered().filter((r) => r.body?.check === 'whatsapp_qr_login' && r.body?.kind === 'remind'),
    ).toHaveLength(0);
    expect(
      hook
        .delivered()
        .map((r) => r.raw)
        .join('\n'),
    ).not.toMatch(/[▀▄█]/);

    // No file gatewatch writes holds the code: a placeholder stands in for it.
    // An atomic write's temporary file may be renamed away between the listing and the read: it is the file it becomes.
    const files = readdirSync(state, { recursive: true, withFileTypes: true }).filter(
      (f) => f.isFile() && !f.name.endsWith('.tmp'),
    );
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(['state.json', 'outbox.json', 'audit.jsonl']));
    const written = files.map((f) => readFileSync(path.join(f.parentPath, f.name), 'utf8')).join('\n');
    expect(written).toContain('[QR code]');
    for (const row of [...rowsOf(FIRST), ...rowsOf(REFRESHED)].slice(1)) expect(written).not.toContain(row);
  });
});
