// grammY's errors in one line a reader understands (/status, alerts, logs, the credential check's notice).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { describeError, grammySignal } from '../../../src/chats/telegram/grammy-util.js';
import { refusedPort } from '../../helpers/ports.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A loopback HTTP server that answers every request the same way. */
async function answering(status: number, body: string): Promise<string> {
  const s = http.createServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(body));
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('a Telegram request cancelled while grammY retries it', () => {
  it('is described as what happened, not as grammY\'s "Aborted delay"', async () => {
    const bot = new Bot('123:abc', { client: { apiRoot: `http://127.0.0.1:${await refusedPort()}` } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 400);
    const err = await failureOf(bot.init(grammySignal(ac.signal)));
    expect((err as Error).message).toBe('Aborted delay');
    const text = describeError(err);
    expect(text).not.toMatch(/Aborted delay/);
    expect(text).toBe('Telegram did not answer in time (cancelled while retrying)');
  });
});

describe("an answer in JSON that is not the Bot API's (api_base at a proxy or another service)", () => {
  it('says so, never "undefined undefined"', async () => {
    for (const [status, body] of [
      [404, '{"error":"Not Found"}'],
      [401, '{"message":"Unauthorized"}'],
      [200, '{"status":"ok"}'],
    ] as const) {
      const bot = new Bot('123:abc', { client: { apiRoot: await answering(status, body) } });
      const text = describeError(await failureOf(bot.api.getMe()));
      expect(text).not.toMatch(/undefined/);
      expect(text).toBe('the answer is not from the Telegram Bot API (is api_base right?)');
    }
  });

  it("still gives Telegram's own refusal as Telegram says it", async () => {
    const bot = new Bot('123:abc', {
      client: { apiRoot: await answering(401, '{"ok":false,"error_code":401,"description":"Unauthorized"}') },
    });
    expect(describeError(await failureOf(bot.api.getMe()))).toBe('401 Unauthorized');
  });
});
