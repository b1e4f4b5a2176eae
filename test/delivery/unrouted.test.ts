// Without alerts.routes every channel gets every alert: an alert that goes nowhere then went nowhere for another
// reason (no channel at all, the only one is where it was asked, only standbys), and the log says that one, never
// "alerts.routes", which the operator never wrote.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openOutbox } from '../../src/delivery/outbox.js';
import { NO_POLICY, unroutedReason, type DeliveryPolicy } from '../../src/delivery/routes.js';
import type { Alert } from '../../src/types.js';
import { phone } from '../helpers/phone.js';
import { systemClock } from '../../src/util/clock.js';

const alert = (id: string, extra: Partial<Alert> = {}): Alert => ({
  id,
  kind: 'restart',
  target: 'demo',
  severity: 'info',
  createdAt: 0,
  reply: { title: id },
  ...extra,
});

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)).msg);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('an alert no channel takes', () => {
  it('without alerts.routes the log never blames alerts.routes: it says why nothing took it', async () => {
    const { log, lines } = capture();
    const ob = await openOutbox({
      clock: systemClock,
      stateDir: mkdtempSync(path.join(os.tmpdir(), 'unrouted-')),
      log,
      policy: NO_POLICY,
    });
    const console_ = phone('console');
    ob.setChannels([console_.ch]);
    // A /restart typed on the console: its result goes everywhere but the console, and there is nowhere else.
    await ob.enqueue(alert('typed', { except: ['console'] }));
    ob.setChannels([]);
    await ob.enqueue(alert('none'));
    await new Promise((r) => setImmediate(r));
    expect(lines.join('\n')).not.toMatch(/alerts\.routes/);
    expect(lines).toContain('not sent: the only channel is the one it answers');
    expect(lines).toContain('not sent: no alert channel is configured');
    await ob.stop();
  });

  it('with alerts.routes that send this severity nowhere, it says so', () => {
    const p: DeliveryPolicy = { routes: [{ severity: ['critical'], channels: ['pager'] }], fallback: {}, standby: [] };
    expect(unroutedReason(p, alert('x'), ['pager'])).toBe('no route in alerts.routes takes info');
    expect(unroutedReason({ fallback: { feishu: ['hook'] }, standby: ['hook'] }, alert('x'), ['hook'])).toBe(
      'only standby channels, which carry alerts as a fallback (hook)',
    );
  });
});
