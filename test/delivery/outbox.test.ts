import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { openOutbox } from '../../src/delivery/outbox.js';
import type { Alert, Channel, DeliveryOutcome } from '../../src/types.js';
import { phone } from '../helpers/phone.js';
import { clockAt, manualClock } from '../helpers/clock.js';
import { systemClock } from '../../src/util/clock.js';

const log = pino({ level: 'silent' });
const alert = (id: string): Alert => ({
  id,
  kind: 'open',
  target: 'gw',
  severity: 'critical',
  createdAt: 0,
  reply: { title: id },
});

/** A channel whose remote end answers from a script of outcomes (then `sent`); `got` lists the alert ids given it. */
function scripted(name: string, outcomes: DeliveryOutcome[]) {
  const p = phone(name, outcomes);
  return {
    ch: p.ch,
    get got() {
      return p.got.map((a) => a.id);
    },
  };
}

describe('outbox', () => {
  it('fans out to every channel and keeps an alert until each confirms, retrying with backoff', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    let clock = 1_000;
    const ob = await openOutbox({ stateDir: dir, log, clock: clockAt(() => clock) });
    const a = scripted('a', []);
    const b = scripted('b', [
      { status: 'failed', detail: '503' },
      { status: 'failed', detail: '503' },
    ]);
    ob.setChannels([a.ch, b.ch]);
    await ob.enqueue(alert('x'));
    await ob.flush();
    expect(a.got).toEqual(['x']);
    expect(ob.pendingFor('b').map((x) => x.id)).toEqual(['x']);
    expect(ob.pendingFor('a')).toEqual([]);
    // Not retried before its backoff is due.
    await ob.flush();
    expect(b.got).toEqual(['x']);
    clock += 10 * 60_000;
    await ob.flush();
    clock += 10 * 60_000;
    await ob.flush();
    expect(b.got).toEqual(['x', 'x', 'x']);
    expect(ob.entries()).toEqual([]);
    expect(JSON.parse(await readFile(path.join(dir, 'outbox.json'), 'utf8')).entries).toEqual([]);
  });

  it('honours the retry-after a channel reports', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    let clock = 0;
    const ob = await openOutbox({ stateDir: dir, log, clock: clockAt(() => clock) });
    const c = scripted('c', [{ status: 'failed', detail: '429', retryAfterMs: 60 * 60_000 }]);
    ob.setChannels([c.ch]);
    await ob.enqueue(alert('y'));
    await ob.flush();
    clock += 30 * 60_000;
    await ob.flush();
    expect(c.got).toEqual(['y']);
    clock += 31 * 60_000;
    await ob.flush();
    expect(c.got).toEqual(['y', 'y']);
  });

  it('a deferred alert stays queued without retries until the channel confirms it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    let clock = 0;
    const ob = await openOutbox({ stateDir: dir, log, clock: clockAt(() => clock) });
    const q = scripted('qq', [{ status: 'deferred', detail: 'proactive refused 40034102' }]);
    ob.setChannels([q.ch]);
    await ob.enqueue(alert('z'));
    await ob.flush();
    clock += 24 * 3_600_000;
    await ob.flush();
    expect(q.got).toEqual(['z']);
    expect(ob.pendingFor('qq').map((x) => x.id)).toEqual(['z']);
    await ob.confirm('z', 'qq', 'passive reply');
    expect(ob.entries()).toEqual([]);
  });

  it('an alert written before a crash is delivered by the next process', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    const first = await openOutbox({ clock: systemClock, stateDir: dir, log });
    const dead = scripted('feishu', [{ status: 'failed', detail: 'socket hang up' }]);
    first.setChannels([dead.ch]);
    await first.enqueue(alert('kept'));
    await first.flush();
    // "Restart": a new outbox over the same state dir.
    const second = await openOutbox({ stateDir: dir, log, clock: clockAt(() => Date.now() + 3_600_000) });
    const alive = scripted('feishu', []);
    second.setChannels([alive.ch]);
    await second.flush();
    expect(alive.got).toEqual(['kept']);
    expect(second.entries()).toEqual([]);
  });

  it('a channel that throws or hangs does not stop the others', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    const ob = await openOutbox({ clock: systemClock, stateDir: dir, log, sendTimeoutMs: 100 });
    const hang: Channel = { ...scripted('hang', []).ch, deliver: () => new Promise(() => {}) };
    const boom: Channel = {
      ...scripted('boom', []).ch,
      deliver: async () => {
        throw new Error('boom');
      },
    };
    const ok = scripted('ok', []);
    ob.setChannels([hang, boom, ok.ch]);
    await ob.enqueue(alert('w'));
    await ob.flush();
    expect(ok.got).toEqual(['w']);
    expect(ob.entries()[0]!.pending.sort()).toEqual(['boom', 'hang']);
    expect(ob.entries()[0]!.lastError).toMatchObject({ boom: 'boom', hang: 'timed out after 100 ms' });
  });

  it('channels added one at a time after a restart keep their pending alerts; a removed channel is dropped once, logged', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    const first = await openOutbox({ clock: systemClock, stateDir: dir, log });
    const console1 = scripted('console', []);
    const hook1 = scripted('feishu_webhook', [{ status: 'failed', detail: 'HTTP 500' }]);
    const old1 = scripted('qq', [{ status: 'failed', detail: 'offline' }]);
    first.setChannels([console1.ch, hook1.ch, old1.ch]);
    await first.enqueue(alert('died'));
    await first.flush();
    expect(first.entries()[0]!.pending.sort()).toEqual(['feishu_webhook', 'qq']);

    // The next gatewatch adds its channels as the CLI does, one by one; qq was removed from the config meanwhile.
    const lines: string[] = [];
    const spy = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const second = await openOutbox({ stateDir: dir, log: spy, clock: clockAt(() => Date.now() + 3_600_000) });
    const console2 = scripted('console', []);
    second.setChannels([console2.ch]);
    const hook2 = scripted('feishu_webhook', []);
    second.setChannels([console2.ch, hook2.ch]);
    second.retainChannels(['console', 'feishu_webhook']);
    second.retainChannels(['console', 'feishu_webhook']);
    await second.flush();
    expect(hook2.got).toEqual(['died']);
    expect(console2.got).toEqual([]);
    expect(second.entries()).toEqual([]);
    const dropped = lines.filter((l) => /no longer configured/.test(l));
    expect(dropped).toHaveLength(1);
    expect(JSON.parse(dropped[0]!)).toMatchObject({ channel: 'qq', alerts: 1 });
  });

  it('delivers from memory when outbox.json cannot be written, and writes it once it can', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    let clock = 0;
    const ob = await openOutbox({ stateDir: dir, log, clock: clockAt(() => clock), tickMs: 20 });
    // A directory where the temp file goes: the kernel refuses the open (EISDIR), even for root.
    const blocker = path.join(dir, `outbox.json.${process.pid}.tmp`);
    mkdirSync(blocker);
    const c = scripted('c', [{ status: 'failed', detail: '503' }]);
    ob.setChannels([c.ch]);
    await expect(ob.enqueue(alert('kept'))).resolves.toBeUndefined();
    await ob.flush();
    expect(c.got).toEqual(['kept']);
    expect(ob.unsaved()).toBe(true);
    rmSync(blocker, { recursive: true });
    ob.start();
    await vi.waitFor(() => expect(ob.unsaved()).toBe(false), { timeout: 5_000 });
    expect(
      JSON.parse(await readFile(path.join(dir, 'outbox.json'), 'utf8')).entries.map(
        (e: { alert: Alert }) => e.alert.id,
      ),
    ).toEqual(['kept']);
    clock += 3_600_000;
    await ob.flush();
    expect(c.got).toEqual(['kept', 'kept']);
    await ob.stop();
  });

  it('ticks only while it owes something: an idle outbox keeps no timer to wake the daemon', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    const clock = manualClock();
    const ob = await openOutbox({ stateDir: dir, log, clock, tickMs: 1_000 });
    const c = scripted('c', [{ status: 'failed', detail: '503' }]);
    ob.setChannels([c.ch]);
    ob.start();
    expect(clock.armed()).toEqual([]);
    // Owed: the tick retries it once its backoff is due (2-2.4 s), then, delivered, stops.
    await ob.enqueue(alert('late'));
    await ob.flush();
    expect(c.got).toEqual(['late']);
    expect(clock.armed()).toEqual([1_000]);
    await clock.advance(3_000);
    await vi.waitFor(() => expect(c.got).toEqual(['late', 'late']));
    await vi.waitFor(() => expect(ob.entries()).toEqual([]));
    await vi.waitFor(() => expect(ob.unsaved()).toBe(false));
    await clock.advance(1_000);
    expect(clock.armed()).toEqual([]);
    await ob.stop();
  });
});
