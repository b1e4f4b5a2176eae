// agent.log of a gateway restarted after each Lark link drop (hermes-gateway-current.md §9.4, #31367): every `period`
// the SDK logs `receive message loop exit` (logger `Lark`, agent.log only), and something outside stops the gateway
// (`Received SIGTERM — initiating shutdown`, hermes-gateway.md §4.0) and starts it again a few seconds later. agent.log
// holds the runner's lines too (every gateway component reaches it).
import { formatRecord } from '../../src/demo/hermes-log.js';

export interface ChurnOptions {
  /** Between two drops (default 30 min). */
  periodMs?: number;
  /** false: the SDK reconnects by itself and the gateway lives on (no stop, no start). */
  restart?: boolean;
}

/** `cycles` lives from `t0` (epoch ms), oldest first; the last one started and is running (no drop yet). */
export function larkChurnLines(t0: number, cycles: number, o: ChurnOptions = {}): string[] {
  const period = o.periodMs ?? 30 * 60_000;
  const restart = o.restart ?? true;
  const out: string[] = [];
  const start = (t: number) => {
    out.push(formatRecord(t, 'INFO', 'gateway.run', 'Starting Hermes Gateway...'));
    out.push(formatRecord(t + 1_800, 'INFO', 'gateway.run', '✓ feishu connected'));
    out.push(formatRecord(t + 1_900, 'INFO', 'gateway.run', 'Gateway running with 1 platform(s)'));
  };
  start(t0);
  for (let i = 1; i < cycles; i++) {
    const drop = t0 + i * period - 45_000;
    out.push(formatRecord(drop, 'ERROR', 'Lark', 'receive message loop exit, err: no close frame received or sent'));
    if (!restart) {
      out.push(formatRecord(drop + 2_000, 'INFO', 'Lark', 'trying to reconnect for the 1st time'));
      continue;
    }
    out.push(formatRecord(drop + 30_000, 'INFO', 'gateway.run', 'Received SIGTERM — initiating shutdown'));
    out.push(formatRecord(drop + 30_100, 'INFO', 'gateway.run', 'Stopping gateway...'));
    start(t0 + i * period);
  }
  return out;
}
