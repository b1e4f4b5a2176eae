// Demo faults that are a script of the real lines (src/platforms/demo-stage.ts): each Hermes platform's own, and the
// gateway's and the agent's of hermes-gateway-current.md §9.16–9.22, played by the demo gateway on current Hermes.
import type { PlatformDemoFault } from '../platforms/demo-stage.js';
import { PLATFORM_DEMO_FAULTS } from '../platforms/index.js';

/** §9.19, #109687: a second Hermes process unlinked the live WAL; every write is refused (hermes_state: agent.log). */
const stateDbWal: PlatformDemoFault<'state-db-wal'> = {
  name: 'state-db-wal',
  async play(stage) {
    stage.agent(
      'ERROR',
      'hermes_state',
      'FATAL: a live process holds a deleted state.db-wal or state.db-shm inode while the path names a different (or missing) generation. Refusing to open or write so a second WAL cannot be minted. …',
    );
  },
};

/** §9.22: the provider's quota is used up; users read "authentication failed" (gateway.run: gateway.log). */
const providerQuota: PlatformDemoFault<'provider-quota'> = {
  name: 'provider-quota',
  async play(stage) {
    stage.log(
      'WARNING',
      'gateway.run',
      'Primary provider rate-limited (429): Codex provider quota exhausted (429); retry after 116168s. Credentials are still valid. — trying fallback',
    );
  },
};

/**
 * §9.13, #72016: the model's stream keeps stalling (the upstream router's own message, retried per attempt; agent.log).
 * The real retries come ~95 s apart; the demo writes three at once.
 */
const streamStall: PlatformDemoFault<'stream-stall'> = {
  name: 'stream-stall',
  async play(stage) {
    for (let i = 0; i < 3; i++) {
      stage.agent(
        'WARNING',
        'agent.conversation_loop',
        'Streaming failed: Stream produced no non-ping SSE event within 95000ms model=claude-sonnet base_url=http://127.0.0.1:20128/v1',
      );
      await stage.pause(200);
    }
  },
};

/** §9.11: the dashboard backend's loop was frozen for minutes; the line comes when it wakes (agent.log). */
const loopStalled: PlatformDemoFault<'loop-stalled'> = {
  name: 'loop-stalled',
  async play(stage) {
    stage.agent('WARNING', 'hermes_cli.web_server', 'event loop stalled 512.3s (GIL pressure suspected)');
  },
};

/** §9.16, #94759: the unit stops faster than the gateway drains; the next stop will SIGKILL it mid-drain (gateway.log). */
const staleUnit: PlatformDemoFault<'stale-unit'> = {
  name: 'stale-unit',
  async play(stage) {
    stage.log(
      'WARNING',
      'gateway.run',
      'Stale systemd unit detected: hermes-gateway.service has TimeoutStopSec=30s but drain_timeout=60s; run `hermes gateway install --force`',
    );
  },
};

export const SCRIPTED_FAULTS = [
  ...PLATFORM_DEMO_FAULTS,
  stateDbWal,
  providerQuota,
  streamStall,
  loopStalled,
  staleUnit,
] as const;

export type ScriptedFaultName = (typeof SCRIPTED_FAULTS)[number]['name'];

export function scriptedFault(name: string): PlatformDemoFault | undefined {
  return SCRIPTED_FAULTS.find((f) => f.name === name);
}
