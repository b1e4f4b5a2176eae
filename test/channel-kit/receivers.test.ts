// The one way a chat channel sends an alert to each receiver: a retry skips those already served, and one rule says
// when a failure is for good.
import { describe, expect, it } from 'vitest';
import { sendToEach, type ReceiverResult } from '../../src/channel-kit/receivers.js';
import type { Alert } from '../../src/types.js';

const alert = (id = 'a1'): Alert => ({
  id,
  kind: 'open',
  target: 't',
  severity: 'critical',
  createdAt: 0,
  reply: { title: 'down' },
});

/** A channel whose receivers answer as scripted, one answer per try; every send recorded. */
function scripted(answers: Record<string, ReceiverResult[]>) {
  const sent: string[] = [];
  const warned: string[] = [];
  const deliver = sendToEach<string, string[]>({
    key: (to) => to,
    label: (to) => `chat ${to}`,
    memory: () => [],
    async send(_a, to, memory) {
      sent.push(to);
      memory.push(to);
      return answers[to]!.shift() ?? { ok: true };
    },
    noReceivers: 'nobody to send to',
    log: () => ({ warn: (_o: unknown, msg: string) => void warned.push(msg) }) as never,
    channel: 'chat',
  });
  return { deliver, sent, warned };
}

describe('sending an alert to each receiver', () => {
  it('a retry after a partial failure sends only to the receivers not yet served', async () => {
    const c = scripted({ a: [{ ok: true }], b: [{ ok: false, detail: '502 Bad Gateway' }, { ok: true }] });
    const first = await c.deliver(alert(), ['a', 'b']);
    expect(first).toEqual({ status: 'failed', detail: 'chat b: 502 Bad Gateway', retryAfterMs: undefined });
    expect(c.warned).toEqual(['chat alert delivery failed']);
    expect(await c.deliver(alert(), ['a', 'b'])).toEqual({ status: 'sent' });
    expect(c.sent).toEqual(['a', 'b', 'b']);
    // Served in full: the memory is let go, a new alert with the same id would go to everyone again.
    await c.deliver(alert(), ['a']);
    expect(c.sent.at(-1)).toBe('a');
  });

  it('is permanent only when every receiver that failed was refused for good and none asked for a wait', async () => {
    const forGood: ReceiverResult = { ok: false, detail: '403 Forbidden: bot was blocked', permanent: true };
    expect(await scripted({ a: [forGood], b: [{ ok: true }] }).deliver(alert(), ['a', 'b'])).toMatchObject({
      status: 'failed',
      permanent: true,
    });
    // One of them may pass on a retry: the outbox retries.
    const mixed = await scripted({ a: [forGood], b: [{ ok: false, detail: 'no answer' }] }).deliver(alert(), [
      'a',
      'b',
    ]);
    expect(mixed).not.toHaveProperty('permanent');
    const wait = await scripted({ a: [forGood], b: [{ ok: false, detail: '429', retryAfterMs: 3_000 }] }).deliver(
      alert(),
      ['a', 'b'],
    );
    expect(wait).toEqual({
      status: 'failed',
      detail: 'chat a: 403 Forbidden: bot was blocked; chat b: 429',
      retryAfterMs: 3_000,
    });
    // Nobody to send to is a config problem: for good.
    expect(await scripted({}).deliver(alert(), [])).toEqual({
      status: 'failed',
      detail: 'nobody to send to',
      permanent: true,
    });
  });

  it('given up on (aborted), leaves the receivers not yet served for the retry and is not permanent', async () => {
    const ac = new AbortController();
    const c = sendToEach<string, undefined>({
      key: (to) => to,
      label: (to) => to,
      async send() {
        ac.abort();
        return { ok: false, detail: 'refused', permanent: true };
      },
      noReceivers: '-',
      log: () => undefined,
      channel: 'chat',
    });
    expect(await c(alert(), ['a', 'b'], ac.signal)).toEqual({
      status: 'failed',
      detail: 'a: refused; b: cancelled',
      retryAfterMs: undefined,
    });
  });

  it('keeps a memory of its own per alert across retries (the pictures already sent) and says the notes of a success', async () => {
    const memories: string[][] = [];
    const c = sendToEach<string, string[]>({
      key: (to) => to,
      label: (to) => to,
      memory: () => [],
      async send(_a, to, memory) {
        memories.push(memory);
        memory.push(to);
        return memory.length < 2 ? { ok: false, detail: 'later' } : { ok: true, note: 'urgent refused' };
      },
      noReceivers: '-',
      log: () => undefined,
      channel: 'chat',
    });
    await c(alert('x'), ['a']);
    expect(await c(alert('x'), ['a'])).toEqual({ status: 'sent', detail: 'a: urgent refused' });
    expect(memories[0]).toBe(memories[1]);
  });
});
