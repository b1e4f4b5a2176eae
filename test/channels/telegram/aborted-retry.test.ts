// grammY retries getMe by itself while Telegram cannot be reached, and rejects with its own "Aborted delay" when our
// deadline cancels it mid-retry: that phrase means nothing to a reader and never reaches one (/status, alerts, logs).
import net from 'node:net';
import { Bot } from 'grammy';
import { describe, expect, it } from 'vitest';
import { describeError, grammySignal } from '../../../src/channels/telegram/grammy-util.js';

/** A loopback port nothing listens on: every request is refused at once. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('a Telegram request cancelled while grammY retries it', () => {
  it('is described as what happened, not as grammY\'s "Aborted delay"', async () => {
    const bot = new Bot('123:abc', { client: { apiRoot: `http://127.0.0.1:${await closedPort()}` } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 400);
    const err = await bot.init(grammySignal(ac.signal)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as Error).message).toBe('Aborted delay');
    const text = describeError(err);
    expect(text).not.toMatch(/Aborted delay/);
    expect(text).toBe('Telegram did not answer in time (cancelled while retrying)');
  });
});
