// One channel that hangs holds up no other: each channel sends from its own loop, and a send that reaches the send
// timeout is aborted (its signal fires) and counted as a failure, whatever the channel answers after that. The send
// timeouts are fired by the test (an injected timer), so nothing here depends on how fast the machine is.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openOutbox } from '../../src/delivery/outbox.js';
import type { Alert, Channel, DeliveryOutcome } from '../../src/types.js';
import { systemClock, type Clock } from '../../src/util/clock.js';
import { phone } from '../helpers/phone.js';

const log = pino({ level: 'silent' });
const alert = (id: string): Alert => ({
  id,
  kind: 'open',
  target: 'gw',
  severity: 'critical',
  createdAt: 0,
  reply: { title: id },
});

/** A clock whose timers (the send timeouts) the test fires by hand. */
function manualTimer() {
  const pending: { ms: number; fire: () => void }[] = [];
  const clock: Clock = {
    ...systemClock,
    timer(fn, ms) {
      const t = { ms, fire: fn };
      pending.push(t);
      return () => void pending.splice(pending.indexOf(t), 1);
    },
  };
  return { clock, pending };
}

/**
 * A channel whose endpoint never answers: each send waits until its signal aborts, then answers `sent` anyway (a
 * slow server that got there in the end), which the outbox must not believe. `started` resolves with each send.
 */
function hangingChannel(name: string) {
  const sends: { id: string; signal?: AbortSignal }[] = [];
  const waiters: (() => void)[] = [];
  const ch: Channel = {
    ...phone(name).ch,
    deliver: (a, signal) =>
      new Promise<DeliveryOutcome>((resolve) => {
        sends.push({ id: a.id, signal });
        waiters.splice(0).forEach((w) => w());
        signal?.addEventListener('abort', () => resolve({ status: 'sent', detail: 'too late' }));
      }),
  };
  const sent = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (sends.length >= n ? resolve() : void waiters.push(check));
      check();
    });
  return { ch, sends, sent };
}

/** The outbox's onDelivery observer, waited on by event. */
function observed() {
  type Seen = { channel: string; status: DeliveryOutcome['status']; alertId?: string; reason?: string };
  const list: Seen[] = [];
  const waiters = new Set<() => void>();
  return {
    list,
    note(channel: string, status: DeliveryOutcome['status'], attempt?: { alertId: string; reason?: string }) {
      list.push({ channel, status, alertId: attempt?.alertId, reason: attempt?.reason });
      for (const w of [...waiters]) w();
    },
    first(match: (s: Seen) => boolean, ms = 10_000) {
      return new Promise<Seen>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching delivery outcome within ${ms} ms: ${JSON.stringify(list)}`)),
          ms,
        );
        const check = () => {
          const hit = list.find(match);
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

describe('outbox: one loop per channel', () => {
  it('a channel that hangs delays no other; its send is aborted at the send timeout and its late answer is not believed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-indep-'));
    const t = manualTimer();
    const outcomes = observed();
    const ob = await openOutbox({
      stateDir: dir,
      log,
      sendTimeoutMs: 60_000,
      clock: t.clock,
      onDelivery: outcomes.note,
    });
    const slow = hangingChannel('slow');
    const fast = phone('fast');
    // The hanging channel comes first: a flush that goes channel by channel would wait on it for every alert.
    ob.setChannels([slow.ch, fast.ch]);
    for (const id of ['a1', 'a2', 'a3']) await ob.enqueue(alert(id));

    // Every alert reaches the fast channel while the slow one still waits on its first send, with no timeout fired.
    // (The 2 s only bound the failure: with a shared flush this never happens within the 60 s send timeout.)
    await outcomes.first((o) => o.channel === 'fast' && o.alertId === 'a3', 2_000);
    expect(fast.got.map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
    expect(outcomes.list.filter((o) => o.channel === 'fast').map((o) => o.status)).toEqual(['sent', 'sent', 'sent']);
    expect(ob.pendingFor('fast')).toEqual([]);
    expect(slow.sends.map((s) => s.id)).toEqual(['a1']);
    expect(slow.sends[0]!.signal?.aborted).toBe(false);
    expect(ob.pendingFor('slow').map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
    expect(t.pending.map((p) => p.ms)).toEqual([60_000]);

    // The send timeout: the send is aborted (its socket would close), counts as failed, and its late `sent` is ignored.
    t.pending[0]!.fire();
    await outcomes.first((o) => o.channel === 'slow');
    await slow.sent(2);
    const first = slow.sends[0]!.signal!;
    expect(first.aborted).toBe(true);
    expect((first.reason as Error).name).toBe('TimeoutError');
    const e1 = ob.entries().find((e) => e.alert.id === 'a1')!;
    expect(e1.pending).toEqual(['slow']);
    expect(e1.attempts).toEqual({ slow: 1 });
    expect(e1.lastError).toEqual({ slow: 'timed out after 60 s' });
    expect(e1.sent).toEqual(['fast']);
    expect(outcomes.list.filter((o) => o.channel === 'slow')).toEqual([
      { channel: 'slow', status: 'failed', alertId: 'a1', reason: 'timed out after 60 s' },
    ]);
    // The slow channel goes on with its next alert, on a fresh signal.
    expect(slow.sends.map((s) => s.id)).toEqual(['a1', 'a2']);
    expect(slow.sends[1]!.signal!.aborted).toBe(false);

    // Stopping aborts the send under way without counting it against the channel: the alert waits for the next start.
    await ob.stop();
    expect(slow.sends[1]!.signal!.aborted).toBe(true);
    const e2 = ob.entries().find((e) => e.alert.id === 'a2')!;
    expect(e2.pending).toEqual(['slow']);
    expect(e2.attempts).toEqual({});
  });

  it('an alert withdrawn while its send hangs (an escalation, once acked) has that send aborted, not counted', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-indep-'));
    const t = manualTimer();
    const outcomes = observed();
    const ob = await openOutbox({ stateDir: dir, log, clock: t.clock, onDelivery: outcomes.note });
    const pager = hangingChannel('pager');
    ob.setChannels([pager.ch]);
    await ob.enqueue(alert('esc'));
    await pager.sent(1);
    expect(await ob.cancel((a) => a.id === 'esc')).toBe(1);
    expect(pager.sends[0]!.signal!.aborted).toBe(true);
    expect((pager.sends[0]!.signal!.reason as Error).name).toBe('AbortError');
    await ob.flush();
    expect(ob.entries()).toEqual([]);
    expect(outcomes.list).toEqual([]);
    expect(t.pending).toEqual([]);
  });
});
