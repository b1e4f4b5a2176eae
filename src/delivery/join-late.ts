// Alerts raised while the daemon is still adding its channels (a channel's own start raises one, so can the state_dir
// check) are routed against the channels there so far. Such an entry stays open: each channel added later that its
// routes take joins it. One that no channel there takes waits in the outbox (on disk) until every channel is in
// (retainChannels); one that every channel there has delivered leaves as usual, remembered in memory until then.
import type { OutboxEntry } from '../types.js';
import { recipients, type DeliveryPolicy } from './routes.js';

/** Adds the channels among `available` that the routes give `e` and that have not had it yet; returns them. */
export function joinLate(e: OutboxEntry, p: DeliveryPolicy, available: string[]): string[] {
  const added: string[] = [];
  for (const n of recipients(p, e.alert, available)) {
    // Delivered it, or gave it to its fallbacks: it has had its turn.
    if (e.sent?.includes(n) || e.fellBack?.includes(n)) continue;
    // It stood in as someone's fallback before it was known to be a recipient: from now on the alert is its own.
    if (e.via?.[n]) {
      const { [n]: _, ...rest } = e.via;
      e.via = rest;
    }
    if (!e.pending.includes(n)) {
      e.pending = [...e.pending, n];
      added.push(n);
    }
  }
  return added;
}
