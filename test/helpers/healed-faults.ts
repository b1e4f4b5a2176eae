// The demo faults nothing gatewatch does ends, so a story heals them (`/demo heal`) once they are said: one list for
// every test that plays the demo's faults in turn.
import type { DemoFault } from '../../src/demo/index.js';

export const HEALED_FAULTS: ReadonlySet<DemoFault> = new Set<DemoFault>([
  'qq-banned',
  'is-reconnect',
  'telegram-conflict',
  'whatsapp-logged-out',
  'whatsapp-qr',
  'telegram-stall',
  'busy',
  // A strike nothing answered, from an adapter that does not log its recoveries: said, not restarted.
  'discord-strike',
  // Nor does time within a test: a storm's drops stay in its minute, a line's finding stands until the cause goes
  // (nothing more is said of them in 40 s; a restart ends them, with their recovery).
  'storm',
  'state-db-wal',
  'provider-quota',
  'stream-stall',
  'loop-stalled',
  'stale-unit',
]);
