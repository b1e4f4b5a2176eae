// How every CLI command ends on an error: a config error exits 78 naming file, line and key; a hung daemon 75.
import { EX_TEMPFAIL } from './control/lock.js';
import { DaemonUnreachable, UntrustedSocket } from './control/client.js';

/** Exit 78 (EX_CONFIG), as for any config error. */
export const EX_CONFIG = 78;

export function withConfigErrors<A extends unknown[]>(fn: (...a: A) => Promise<void>) {
  return async (...a: A) => {
    try {
      await fn(...a);
    } catch (err) {
      // The class is loaded only by the config code that throws it (commands that read no config never load it).
      if ((err as Error)?.name === 'ConfigError' && err instanceof (await import('./config/load.js')).ConfigError) {
        process.stderr.write(`gatewatch: config error: ${err.message}\n`);
        process.exit(EX_CONFIG);
      }
      if (err instanceof UntrustedSocket) {
        process.stderr.write(`gatewatch: ${err.message}; not running the command (remove it if it is not yours to keep)\n`);
        process.exit(EX_TEMPFAIL);
      }
      if (err instanceof DaemonUnreachable) {
        process.stderr.write(`gatewatch: ${err.message}; not running the command here behind its back. Is it hung?${err.pid ? ` (kill ${err.pid})` : ''}\n`);
        process.exit(EX_TEMPFAIL);
      }
      process.stderr.write(`gatewatch: ${(err as Error).stack ?? err}\n`);
      process.exit(1);
    }
  };
}
