// Issue 55, "Done when": every message of the real-gateway sequences the issue names and of each demo fault, in both
// locales. None may call up or recovered what is still down, no recovery's title may repeat its problem, one fault
// gets one advice, and no text on a phone carries a config key, a platform key or an internal id. The real-gateway
// sequences here, on the test's clock (test/helpers/story-scene.ts); the demo gateway's faults in
// test/helpers/every-fault.ts, legacy Hermes' here and current Hermes' in test/app-truth-every-fault-current.test.ts,
// beside it.
import { describe, expect, it, afterEach } from 'vitest';
import { openIncidents } from '../src/incidents/machine.js';
import type { Alert } from '../src/types.js';
import { everyFault } from './helpers/every-fault.js';
import { comebackPort } from './helpers/ports.js';
import { closeScenes, QQ, scene, type Scene } from './helpers/story-scene.js';
import {
  adviceOf,
  adviceAtOdds,
  earlyRecoveries,
  internalNames,
  repeatedProblems,
  type Sent,
} from './helpers/truth.js';

const LOCALES = ['en', 'zh-CN'] as const;

// ---------- the demo gateway's faults: legacy Hermes ----------

everyFault('legacy');

// ---------- the real gateway's sequences (issue 55 items 1 to 4), on the test's clock ----------

afterEach(closeScenes);

/** The scene's messages as Sent, with what was open when each was delivered. */
function sentOf(s: Scene, during: string): Sent[] {
  return s.p.got.map((alert) => ({ alert, open: [], during }));
}

async function kill(s: Scene) {
  await s.kill();
  await s.clock.advance(1_000);
  await s.h.app.core.evaluate('default');
  await s.settle();
}

async function reconnect(s: Scene) {
  await s.qqBack();
  await s.look(5_000);
}

describe.each(LOCALES)("the real gateway's sequences (%s)", (locale) => {
  it('a kill, the restart, QQ still unreachable, then back; and the same with the budget spent and paused', async () => {
    const all: Sent[] = [];
    const a = await scene({ qqPort: await comebackPort(), locale });
    // What was open at each delivery, as the phones of the demo homes record it.
    const seen: Sent[] = [];
    const deliver = a.p.ch.deliver.bind(a.p.ch);
    a.p.ch.deliver = async (alert) => {
      const incidents = Object.values(a.h.app.core.state.incidents);
      seen.push({
        alert,
        incident: incidents.find((i) => i.id === alert.incidentId),
        open: openIncidents(a.h.app.core.state.incidents, alert.target).map((i) => ({ ...i })),
        alive: a.h.app.core.lastResult(alert.target)?.evidence.process.alive,
        during: 'kill, QQ unreachable',
      });
      return deliver(alert);
    };
    await a.mode('unreachable');
    await kill(a);
    await a.qqRetries(3);
    await reconnect(a);
    all.push(...seen);

    const b = await scene({ qqPort: await comebackPort(), locale });
    b.h.app.core.state.escalated.default = true;
    await kill(b);
    all.push(...sentOf(b, 'kill, paused'));

    expect(earlyRecoveries(seen)).toEqual([]);
    expect(repeatedProblems(all)).toEqual([]);
    expect(adviceAtOdds(all, locale)).toEqual([]);
    expect(internalNames(all).found).toEqual([]);
  }, 60_000);

  it('QQ unreachable with and without an egress check: one advice', async () => {
    const alone = await scene({ qqPort: await comebackPort(), locale });
    const probed = await scene({ qqPort: await comebackPort(), egressPort: await comebackPort(), locale });
    for (const s of [alone, probed]) {
      await s.log(`WARNING ${QQ} WebSocket error: WebSocket closed`, `INFO ${QQ} Reconnecting in 2s (attempt 1)...`);
      await s.state('disconnected');
      await s.qqRetries(3);
    }
    const firstQq = (s: Scene) => s.p.got.find((x) => x.kind === 'open')!;
    expect(adviceOf(firstQq(alone))).toEqual(adviceOf(firstQq(probed)));
    const all = [...sentOf(alone, 'unreachable'), ...sentOf(probed, 'unreachable, egress')];
    expect(adviceAtOdds(all, locale)).toEqual([]);
    expect(internalNames(all).found).toEqual([]);
  }, 60_000);
});

describe('the checks themselves', () => {
  const alert = (kind: Alert['kind'], title: string, o: Partial<Alert['reply']> = {}, incidentId = 'i1'): Alert => ({
    id: title,
    kind,
    incidentId,
    target: 'demo',
    severity: kind === 'resolve' ? 'ok' : 'critical',
    createdAt: 0,
    reply: { title, ...o },
  });
  const qq = { id: 'i1', platform: 'qqbot', check: 'platform_down' } as Sent['incident'];

  it('each catches what it is for', () => {
    const open = { ...qq!, id: 'i2', finding: { title: 'QQ cannot be reached' } } as NonNullable<Sent['incident']>;
    expect(
      earlyRecoveries([{ alert: alert('resolve', 'demo: QQ is back'), incident: qq, open: [open], during: 'x' }]),
    ).toHaveLength(1);
    expect(
      repeatedProblems([
        { alert: alert('open', 'demo: QQ cannot be reached from here'), open: [], during: 'x' },
        {
          alert: alert('resolve', 'Recovered — demo: QQ cannot be reached from here'),
          incident: qq,
          open: [],
          during: 'x',
        },
      ]),
    ).toHaveLength(1);
    const odd = alert('open', 'demo: QQ', {
      fields: [{ label: 'auto-restart', value: 'no: automatic restarts are paused' }],
      lines: ['→ Start it. gatewatch restarts it by itself when auto-restart is on; by hand: `/restart demo`.'],
    });
    expect(adviceAtOdds([{ alert: odd, open: [], during: 'x' }], 'en')).toHaveLength(1);
    const keyed = alert('open', 'demo: QQ', { lines: ['state_stale_running says: set remediate.auto_restart'] });
    expect(internalNames([{ alert: keyed, open: [], during: 'x' }]).found).toHaveLength(2);
    const quoted = alert('open', 'demo: QQ', { lines: ['Hermes said "qqbot_error", type /logs 50 demo'] });
    expect(internalNames([{ alert: quoted, open: [], during: 'x' }]).found).toEqual([]);
  });
});
