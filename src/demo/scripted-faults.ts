// Demo faults that are a script of the real lines (src/platforms/demo-stage.ts): each Hermes platform's own, and the
// gateway's and the agent's of hermes-gateway-current.md §9.16–9.22, played by the demo gateway on current Hermes.
import type { PlatformDemoFault } from '../platforms/demo-stage.js';
import { PLATFORM_DEMO_FAULTS } from '../platforms/demo.js';

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
    stage.log('WARNING', 'gateway.run', 'Primary provider rate-limited (429): Codex provider quota exhausted (429); retry after 116168s. Credentials are still valid. — trying fallback');
  },
};

export const SCRIPTED_FAULTS = [...PLATFORM_DEMO_FAULTS, stateDbWal, providerQuota] as const;

export type ScriptedFaultName = (typeof SCRIPTED_FAULTS)[number]['name'];

export function scriptedFault(name: string): PlatformDemoFault | undefined {
  return SCRIPTED_FAULTS.find((f) => f.name === name);
}
