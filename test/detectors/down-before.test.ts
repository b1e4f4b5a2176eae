// Issue 77 item 3: a platform already down when its gateway went down is said in the death's finding (`before`),
// not dropped with the rest of what the gateway did while running. QQ's session timed out (4009) and was not resumed,
// a second later a SIGTERM stopped the gateway: the death carries QQ's outage, dated by its own line, with its words.
// The look-alikes stay quiet: a 4009 resumed before the stop, platforms the shutdown itself wrote disconnected, and a
// live gateway (its platform's own finding says it).
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { gatewayDown } from '../../src/detectors/index.js';
import { buildEvidence, fixtureText, localTime, SETTINGS, stateFile } from '../helpers/evidence.js';

const LOG = fixtureText('sigterm.log');
const [BEFORE, SHUTDOWN] = [
  LOG.slice(0, LOG.indexOf('2026-06-24 09:30:06')),
  LOG.slice(LOG.indexOf('2026-06-24 09:41:40')),
];
const STUCK =
  '2026-06-24 09:41:39,100 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket closed: code=4009 reason=Session timed out\n';
const iso = (local: string) => new Date(localTime(local)).toISOString().replace('Z', '+00:00');

const deathOf = (text: string, qq: string, at: string) =>
  runDetectors(
    buildEvidence({
      text,
      alive: false,
      now: '2026-06-24 09:41:45',
      state: stateFile('running', { feishu: 'connected', qqbot: { state: qq, updated_at: iso(at) } }),
    }),
    SETTINGS,
  ).find((f) => gatewayDown([f]));

describe('a platform down before its gateway went down', () => {
  it('QQ stuck after a 4009, then a SIGTERM: the death says QQ was down since its close, and why', () => {
    const death = deathOf(`${BEFORE}${STUCK}${SHUTDOWN}`, 'disconnected', '2026-06-24 09:41:39.100');
    expect(death?.check).toBe('state_stale_running');
    expect(death?.before).toEqual([
      {
        platform: 'qqbot',
        since: localTime('2026-06-24 09:41:39.100'),
        error: 'WebSocket closed: code=4009 reason=Session timed out',
      },
    ]);
  });

  it("entries an earlier life left in the file, with no outage in this life's lines: nothing before", () => {
    // The story switched Hermes: the other one's platforms stay in the file, written down by its shutdown.
    const text = `${BEFORE}${SHUTDOWN}`;
    const ev = buildEvidence({
      text,
      alive: false,
      now: '2026-06-24 09:41:45',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: 'connected',
        telegram: { state: 'disconnected', updated_at: iso('2026-06-24 08:59:59') },
      }),
    });
    expect(runDetectors(ev, SETTINGS).find((f) => gatewayDown([f]))?.before).toBeUndefined();
  });

  it('a 4009 resumed before the stop, or entries the shutdown wrote: nothing before', () => {
    expect(deathOf(LOG, 'connected', '2026-06-24 09:30:08.499')?.before).toBeUndefined();
    expect(deathOf(LOG, 'disconnected', '2026-06-24 09:41:41.369')?.before).toBeUndefined();
  });

  it('a live gateway: its platform says it, no death carries it', () => {
    const found = runDetectors(
      buildEvidence({
        text: `${BEFORE}${STUCK}`,
        now: '2026-06-24 09:45:00',
        state: stateFile('running', {
          feishu: 'connected',
          qqbot: { state: 'disconnected', updated_at: iso('2026-06-24 09:41:39.100') },
        }),
      }),
      SETTINGS,
    );
    expect(found.some((f) => f.before)).toBe(false);
    expect(found.map((f) => f.platform)).toContain('qqbot');
  });
});
