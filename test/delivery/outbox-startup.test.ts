// Alerts raised while the daemon is still adding its channels (a channel's own start raises them, so does the
// state_dir check) wait for the channels added later, even when none is there yet, and survive a restart meanwhile.
// Once every channel is in (retainChannels), an alert that no channel takes leaves, as it always did.
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openOutbox } from '../../src/delivery/outbox.js';
import type { DeliveryPolicy } from '../../src/delivery/routes.js';
import type { Alert } from '../../src/types.js';
import { phone } from '../helpers/phone.js';
import { systemClock } from '../../src/util/clock.js';

const log = pino({ level: 'silent' });
const alert = (id: string, severity: Alert['severity']): Alert => ({
  id,
  kind: 'notice',
  target: 'gatewatch',
  severity,
  createdAt: 0,
  reply: { title: id },
});
const ids = (list: { alert: Alert }[]) => list.map((e) => e.alert.id);

// critical to the pager and the hook, warnings to the hook only, info to nobody.
const policy: DeliveryPolicy = {
  routes: [
    { severity: ['critical'], channels: ['pager', 'hook'] },
    { severity: ['warning'], channels: ['hook'] },
  ],
  fallback: {},
  standby: [],
};

describe('outbox during start-up', () => {
  it('an alert raised before its channels are added waits for each of them; one no channel takes leaves once all are in', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-startup-'));
    const first = await openOutbox({ clock: systemClock, stateDir: dir, log, policy, startingUp: true });
    // No channel yet: queued all the same, on disk before anything is sent.
    await first.enqueue(alert('early', 'critical'));
    expect(ids(JSON.parse(await readFile(path.join(dir, 'outbox.json'), 'utf8')).entries)).toEqual(['early']);

    // gatewatch is killed during start-up; the next one starts over.
    const ob = await openOutbox({ clock: systemClock, stateDir: dir, log, policy, startingUp: true });
    expect(ids(ob.entries())).toEqual(['early']);
    const pager = phone('pager');
    ob.setChannels([pager.ch]);
    // Raised with only some of its channels there: it goes to those now and waits for the rest.
    await ob.enqueue(alert('warn', 'warning'));
    await ob.enqueue(alert('info', 'info'));
    await ob.flush();
    expect(pager.got.map((a) => a.id)).toEqual(['early']);
    // Delivered everywhere it can be so far, it leaves the queue; the others wait for channels still to come.
    expect(ids(ob.entries())).toEqual(['warn', 'info']);

    const hook = phone('hook');
    ob.setChannels([pager.ch, hook.ch]);
    await ob.flush();
    // The hook gets both, the early one included, and the pager is not asked again.
    expect(hook.got.map((a) => a.id).sort()).toEqual(['early', 'warn']);
    expect(pager.got.map((a) => a.id)).toEqual(['early']);
    expect(ids(ob.entries())).toEqual(['info']);

    // Every channel is in: what nobody takes leaves, and so does what everyone has.
    ob.retainChannels(['pager', 'hook']);
    expect(ob.entries()).toEqual([]);
    // From now on an alert no channel takes is not queued at all, as before.
    await ob.enqueue(alert('later-info', 'info'));
    expect(ob.entries()).toEqual([]);
    await ob.enqueue(alert('later', 'critical'));
    await ob.flush();
    expect(pager.got.map((a) => a.id)).toEqual(['early', 'later']);
    expect(ob.entries()).toEqual([]);
    await ob.stop();
  });
});
