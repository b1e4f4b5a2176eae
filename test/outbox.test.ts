import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openOutbox } from '../src/delivery/outbox.js';
import type { Alert, Channel, DeliveryOutcome } from '../src/types.js';

const log = pino({ level: 'silent' });
const alert = (id: string): Alert => ({ id, kind: 'open', target: 'gw', severity: 'critical', createdAt: 0, reply: { title: id } });

/** A channel whose remote end answers from a script of outcomes (then `sent`). */
function scripted(name: string, outcomes: DeliveryOutcome[]) {
  const got: string[] = [];
  const ch: Channel = {
    name,
    interactive: false,
    start: async () => {},
    stop: async () => {},
    deliver: async (a) => {
      got.push(a.id);
      return outcomes.shift() ?? { status: 'sent' };
    },
    health: () => ({ name, ok: true, summary: '' }),
  };
  return { ch, got };
}

describe('outbox', () => {
  it('fans out to every channel and keeps an alert until each confirms, retrying with backoff', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    let clock = 1_000;
    const ob = await openOutbox({ stateDir: dir, log, now: () => clock });
    const a = scripted('a', []);
    const b = scripted('b', [{ status: 'failed', detail: '503' }, { status: 'failed', detail: '503' }]);
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
    const ob = await openOutbox({ stateDir: dir, log, now: () => clock });
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
    const ob = await openOutbox({ stateDir: dir, log, now: () => clock });
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
    const first = await openOutbox({ stateDir: dir, log });
    const dead = scripted('feishu', [{ status: 'failed', detail: 'socket hang up' }]);
    first.setChannels([dead.ch]);
    await first.enqueue(alert('kept'));
    await first.flush();
    // "Restart": a new outbox over the same state dir.
    const second = await openOutbox({ stateDir: dir, log, now: () => Date.now() + 3_600_000 });
    const alive = scripted('feishu', []);
    second.setChannels([alive.ch]);
    await second.flush();
    expect(alive.got).toEqual(['kept']);
    expect(second.entries()).toEqual([]);
  });

  it('a channel that throws or hangs does not stop the others', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    const ob = await openOutbox({ stateDir: dir, log, sendTimeoutMs: 100 });
    const hang: Channel = { ...scripted('hang', []).ch, deliver: () => new Promise(() => {}) };
    const boom: Channel = { ...scripted('boom', []).ch, deliver: async () => { throw new Error('boom'); } };
    const ok = scripted('ok', []);
    ob.setChannels([hang, boom, ok.ch]);
    await ob.enqueue(alert('w'));
    await ob.flush();
    expect(ok.got).toEqual(['w']);
    expect(ob.entries()[0]!.pending.sort()).toEqual(['boom', 'hang']);
    expect(ob.entries()[0]!.lastError).toMatchObject({ boom: 'boom', hang: 'timed out after 100 ms' });
  });
});
