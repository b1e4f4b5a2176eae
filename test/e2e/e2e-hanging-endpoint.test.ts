// End to end through the real app, config parser, outbox and webhook notifiers, with two webhook endpoints on loopback:
// "fast" answers at once, "slow" accepts each request and never answers until it is let go. alerts.send_timeout: 2s.
// What must hold: every alert reaches the fast endpoint before the slow one's send timeout has even fired; the slow
// send is aborted at that timeout and gatewatch closes its socket; and once the slow endpoint answers again each alert
// lands there exactly once (counted as 200s answered while the client was still connected). One alert is raised before
// any channel is added, as during start-up: it must not be lost for want of recipients.
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/channels/config.js';
import { createApp, type App } from '../../src/app.js';
import { buildChannels } from '../../src/channels/index.js';
import type { Alert } from '../../src/types.js';
import { startHangingEndpoint, type EndpointEvent, type HangingEndpoint } from '../fakes/hanging-endpoint.js';
import { systemClock } from '../../src/util/clock.js';

const log = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const alert = (id: string): Alert => ({
  id,
  kind: 'notice',
  target: 'gatewatch',
  severity: 'critical',
  createdAt: Date.now(),
  reply: { title: `alert ${id}` },
});
const IDS = ['early', 'a1', 'a2', 'a3'];

describe('a notifier whose endpoint hangs', () => {
  it('delays no other channel; its send is aborted at alerts.send_timeout, the socket closed, and it delivers exactly once when back', async () => {
    const events: EndpointEvent[] = [];
    const fast: HangingEndpoint = await startHangingEndpoint('fast', { events });
    const slow: HangingEndpoint = await startHangingEndpoint('slow', { events, hanging: true });
    cleanups.push(
      () => fast.close(),
      () => slow.close(),
    );
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-hang-'));
    const config = parseConfig(
      [
        `state_dir: ${dir}/state`,
        'targets:',
        `  - { name: default, hermes_home: ${dir} }`,
        'channels:',
        '  notifiers:',
        `    - { type: webhook, name: slow, url: "${slow.url}" }`,
        `    - { type: webhook, name: fast, url: "${fast.url}" }`,
        'alerts:',
        '  send_timeout: 2s',
      ].join('\n'),
      '/etc/gatewatch.yaml',
    );
    const app: App = await createApp(config, { log });
    cleanups.push(() => app.stop());

    // Raised during start-up, before any channel is there.
    await app.raise(alert('early'));
    // Added as the daemon adds them (slow first), then what app.start() does for the outbox; the watch loop is left
    // out so that nothing but this test raises alerts.
    const channels = await buildChannels(config, systemClock);
    for (const ch of channels) await app.addChannel(ch);
    app.outbox.retainChannels(channels.map((c) => c.name));
    app.outbox.start();
    for (const id of ['a1', 'a2', 'a3']) await app.raise(alert(id));

    // Every alert reaches the fast endpoint; the slow one holds its first request; no send timeout has fired yet.
    for (const id of IDS) await fast.first((e) => e.kind === 'answered' && e.id === id);
    const slowClosed = slow.first((e) => e.kind === 'closed');
    const fastDone = events.map((e) => e.endpoint).lastIndexOf('fast');
    expect(
      events
        .slice(0, fastDone + 1)
        .filter((e) => e.endpoint === 'slow')
        .map((e) => `${e.kind} ${e.id}`),
    ).toEqual(['received early']);

    // At the send timeout gatewatch aborts the slow send: the endpoint sees its client go away, unanswered.
    const closed = await slowClosed;
    expect(closed.id).toBe('early');
    expect(events.indexOf(closed)).toBeGreaterThan(fastDone);

    // The slow endpoint answers again: the alerts it never had go out, and the aborted one is retried on the backoff.
    slow.release();
    for (const id of IDS) await slow.first((e) => e.kind === 'answered' && e.id === id);
    await app.outbox.flush();
    expect(app.outbox.entries()).toEqual([]);

    // Exactly once each, on both endpoints: the aborted request could not land after its retry.
    const once = (ep: HangingEndpoint) =>
      ep
        .of('answered')
        .map((e) => e.id)
        .sort();
    expect(once(fast)).toEqual([...IDS].sort());
    expect(once(slow)).toEqual([...IDS].sort());
    expect(slow.of('closed').map((e) => e.id)).toEqual(['early']);
    expect(
      slow
        .of('received')
        .map((e) => e.id)
        .sort(),
    ).toEqual(['a1', 'a2', 'a3', 'early', 'early']);

    // The timeout is on record as the first attempt's outcome, in the configured unit.
    const audit = (await readFile(path.join(dir, 'state', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit).toContainEqual(
      expect.objectContaining({
        type: 'delivery',
        detail: expect.objectContaining({ channel: 'slow', status: 'failed', reason: 'timed out after 2 s' }),
      }),
    );
  });
});
