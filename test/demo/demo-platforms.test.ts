// The Hermes platforms' demo faults (src/platforms/<name>/demo.ts) as a newcomer plays them, against a real gatewatch
// core watching the real demo gateway (playing v0.21.3): Slack's closed-session loop is named and restarted; Telegram's
// v0.21.3 stall is named and, since a restart does not help, not restarted. agent.log is read by the scheduled check
// (no live tail): the schedule runs every 2 s here.
import { afterEach, describe, expect, it } from 'vitest';
import { injectFault } from '../../src/demo/index.js';
import type { Alert } from '../../src/types.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { phone } from '../helpers/phone.js';
import { EVALUATION_EVERY_MS, until, where } from '../helpers/until.js';

/** A probe below is often a whole evaluation: not more often than that may run. */
const slowPoll = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const healthy = (hh: Harness) =>
  until(
    'a healthy gateway',
    where(
      () => hh.app.core.evaluate('demo'),
      (r) => r.findings.length === 0 && r.evidence.state?.gateway_state === 'running' && r.evidence.process.alive,
    ),
    slowPoll,
  );

/** What an alert says of a restart: its auto-restart line, and whether it offers a Restart button. */
function noRestartSaid(a: Alert): { line?: string; restartButton: boolean } {
  return {
    line: a.reply.fields?.find((f) => f.label === 'auto-restart')?.value,
    restartButton: (a.reply.buttons ?? []).some((b) => b.command.startsWith('/restart')),
  };
}

describe('Hermes platform demo faults', { timeout: 120_000 }, () => {
  it('slack-session-closed: alerted as platform_deaf on slack, and gatewatch restarts the gateway', async () => {
    const p = phone();
    h = await startHarness({
      demo: true,
      demoHermes: 'current',
      channels: [p.ch],
      config: { schedule: '*/2 * * * * *', remediate: { cooldown: '0s', verify_timeout: '30s', max_restarts: 5 } },
    });
    await healthy(h);
    expect((await injectFault(h.hermesHome, 'slack-session-closed')).ok).toBe(true);
    const alert = await until(
      'the Slack alert',
      async () => (await h!.app.outbox.flush(), p.got.find((a) => a.kind === 'open' && a.check === 'platform_deaf')),
      slowPoll,
    );
    expect(alert!.reply.fields).toContainEqual({ label: 'platform', value: 'Slack' });
    expect(alert!.reply.title).toMatch(/Slack is stuck retrying a closed session/);
    await until('the restart', () => h!.app.core.state.restarts.filter((r) => r.ok).length >= 1, slowPoll);
  });

  it('telegram-stall: alerted with "update or roll back", and no restart', async () => {
    const p = phone();
    h = await startHarness({
      demo: true,
      demoHermes: 'current',
      channels: [p.ch],
      config: { schedule: '*/2 * * * * *', remediate: { cooldown: '0s', verify_timeout: '30s', max_restarts: 5 } },
    });
    await healthy(h);
    expect((await injectFault(h.hermesHome, 'telegram-stall')).ok).toBe(true);
    const alert = await until(
      'the Telegram alert',
      async () => (await h!.app.outbox.flush(), p.got.find((a) => a.kind === 'open' && a.check === 'platform_deaf')),
      slowPoll,
    );
    expect(alert!.reply.title).toMatch(/a restart will not help/);
    // Judged again, acting as the schedule would: no restart starts.
    for (let i = 0; i < 3; i++) await h.app.core.evaluate('demo');
    expect(h.app.core.restartInProgress('demo')).toBe(false);
    expect(h.app.core.state.restarts).toHaveLength(0);
    const f = (await h.app.core.evaluate('demo')).findings.find((x) => x.check === 'platform_deaf');
    expect(f?.restart).toBe('never');
  });

  it('state-db-wal and provider-quota: named (state_db_failing, provider_auth) and never restarted', async () => {
    const p = phone();
    h = await startHarness({
      demo: true,
      demoHermes: 'current',
      channels: [p.ch],
      config: { schedule: '*/2 * * * * *', remediate: { cooldown: '0s', verify_timeout: '30s', max_restarts: 5 } },
    });
    await healthy(h);
    expect((await injectFault(h.hermesHome, 'state-db-wal')).ok).toBe(true);
    await until(
      'the state.db alert',
      async () => (await h!.app.outbox.flush(), p.got.find((a) => a.kind === 'open' && a.check === 'state_db_failing')),
      slowPoll,
    );
    expect((await injectFault(h.hermesHome, 'provider-quota')).ok).toBe(true);
    const quota = await until(
      'the quota alert',
      async () => (await h!.app.outbox.flush(), p.got.find((a) => a.kind === 'open' && a.check === 'provider_auth')),
      slowPoll,
    );
    expect(quota!.reply.title).toMatch(/quota is used up/);
    // Issue 80: "not yet: the gateway may recover by itself" beside "a restart does not end it", and a Restart button.
    expect(noRestartSaid(quota!)).toEqual({ line: expect.stringMatching(/^no: /), restartButton: false });
    expect(h.app.core.state.restarts).toHaveLength(0);
  });

  it("stream-stall, loop-stalled and stale-unit: the agent's and Hermes' own families, named and never restarted", async () => {
    const p = phone();
    h = await startHarness({
      demo: true,
      demoHermes: 'current',
      channels: [p.ch],
      config: { schedule: '*/2 * * * * *', remediate: { cooldown: '0s', verify_timeout: '30s', max_restarts: 5 } },
    });
    await healthy(h);
    for (const [fault, check] of [
      ['stream-stall', 'agent_stream_stalled'],
      ['loop-stalled', 'loop_stalled'],
      ['stale-unit', 'restart_loop'],
    ] as const) {
      expect((await injectFault(h.hermesHome, fault)).ok).toBe(true);
      const alert = await until(
        `the ${check} alert`,
        async () => (await h!.app.outbox.flush(), p.got.find((a) => a.kind === 'open' && a.check === check)),
        slowPoll,
      );
      // Its words say a restart does not help: so do its auto-restart line and its buttons.
      expect(noRestartSaid(alert!), fault).toEqual({ line: 'no: a restart does not fix this', restartButton: false });
    }
    expect(h.app.core.state.restarts).toHaveLength(0);
  });
});
