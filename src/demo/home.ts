// Whether a Hermes home is the demo gateway's, in a module of its own: `gatewatch run` asks it of every target at start
// and must not load the demo's supervisor and its texts for a real gateway.
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * A Hermes home the demo gateway runs in: its ctl leaves its options file there. `gatewatch init` writes the demo's
 * ctl commands for such a home, so the watchdog it sets up can restart the demo as it would a real service.
 */
export function isDemoHome(home: string): boolean {
  return existsSync(path.join(home, '.demo-options.json'));
}
