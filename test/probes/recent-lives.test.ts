// The recent lives of gateway.log and the session index (§9.15): read only after a boot that marked in-flight sessions
// resumable; the index is Hermes' own shape, its notes skipped, an id that is not one Hermes would make never taken
// (it becomes an argument of `hermes sessions delete`), and a file that is not one is not read whole.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecentLives, readResumableSessions, summariseLives } from '../../src/probes/recent-lives.js';
import { parseLogText } from '../../src/probes/log-parse.js';

const L = (t: string, msg: string) => `2026-09-21 ${t},100 INFO gateway.run: ${msg}`;
const LOG = [
  L('10:00:00', 'Starting Hermes Gateway...'),
  L('10:01:00', "inbound message: platform=telegram user=1 chat=7001 msg='run it' reply_to_id=None reply_to_text=''"),
  L('10:01:05', "inbound message: platform=telegram user=2 chat=7002 msg='/status' reply_to_id=None reply_to_text=''"),
  L('10:01:06', "inbound message: platform=telegram user=3 chat=7003 msg='hi' reply_to_id=None reply_to_text=''"),
  L('10:01:09', 'response ready: platform=telegram chat=7003 time=3.0s api_calls=1 response=10 chars'),
  L('10:05:00', 'Starting Hermes Gateway...'),
  L('10:05:00', 'Marked 1 in-flight session(s) as resumable from previous run'),
].join('\n');

describe('recent lives', () => {
  it('splits lives at each start; a chat with no reply is open at its end, a slash command runs no turn', () => {
    const lives = summariseLives(parseLogText(LOG));
    expect(lives).toHaveLength(2);
    expect(lives[0]).toMatchObject({
      markedResumable: false,
      turns: 2,
      open: [{ platform: 'telegram', chat: '7001' }],
      answered: [{ platform: 'telegram', chat: '7003' }],
    });
    expect(lives[1]).toMatchObject({ markedResumable: true, turns: 0, open: [] });
  });

  it('reads the file only when the current life marked sessions resumable', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-lives-'));
    const file = path.join(dir, 'gateway.log');
    writeFileSync(file, `${LOG}\n`);
    const run = parseLogText(LOG).slice(-2);
    expect(await readRecentLives(file, run)).toHaveLength(2);
    // The lives before this one no longer change: read once per current life, not on every evaluation.
    rmSync(file);
    expect(await readRecentLives(file, run)).toHaveLength(2);
    // A new life (another start) reads the file again: gone now, so it says nothing.
    const next = parseLogText(
      L('10:09:00', 'Starting Hermes Gateway...') +
        '\n' +
        L('10:09:00', 'Marked 1 in-flight session(s) as resumable from previous run'),
    );
    await expect(readRecentLives(file, next)).rejects.toThrow();
    // A clean start ("Previous gateway exited cleanly"): nothing is read, not even a missing file.
    expect(await readRecentLives(path.join(dir, 'missing.log'), run.slice(0, 1))).toBeUndefined();
  });
});

describe('the session index', () => {
  const home = () => {
    const h = mkdtempSync(path.join(os.tmpdir(), 'gw-sessions-'));
    mkdirSync(path.join(h, 'sessions'));
    return h;
  };
  const chats = [{ platform: 'telegram', chat: '7001' }];

  it("takes the chat's entries, skips notes, other chats and ids Hermes would refuse", async () => {
    const h = home();
    writeFileSync(
      path.join(h, 'sessions', 'sessions.json'),
      JSON.stringify({
        _readme: 'LEGACY MIRROR …',
        a: {
          session_key: 'a',
          session_id: '20260921_100200_ab12cd',
          resume_pending: true,
          origin: { platform: 'telegram', chat_id: 7001 },
        },
        b: {
          session_key: 'b',
          session_id: '20260920_080000_ffee01',
          origin: { platform: 'telegram', chat_id: '7002' },
        },
        c: { session_key: 'c', session_id: '../../etc/passwd', origin: { platform: 'telegram', chat_id: '7001' } },
        d: { session_key: 'd', session_id: '--all', origin: { platform: 'telegram', chat_id: '7001' } },
      }),
    );
    expect(await readResumableSessions(h, chats)).toEqual([
      {
        key: 'a',
        id: '20260921_100200_ab12cd',
        platform: 'telegram',
        chat: '7001',
        resumePending: true,
        suspended: false,
      },
    ]);
  });

  it('no index, a broken one, an array, or one past its size cap: nothing, and no error', async () => {
    const h = home();
    expect(await readResumableSessions(h, chats)).toBeUndefined();
    writeFileSync(path.join(h, 'sessions', 'sessions.json'), '{"a": ');
    expect(await readResumableSessions(h, chats)).toBeUndefined();
    writeFileSync(path.join(h, 'sessions', 'sessions.json'), '[]');
    expect(await readResumableSessions(h, chats)).toBeUndefined();
    writeFileSync(path.join(h, 'sessions', 'sessions.json'), `{"pad": "${'x'.repeat(5 * 1024 * 1024)}"}`);
    expect(await readResumableSessions(h, chats)).toBeUndefined();
  });
});
