// How every CLI command ends on an error: one line on stderr, never a stack trace, and an exit code scripts can read —
// 78 a config error (naming file, line and key), 64 a request that cannot be carried out as given, 75 a daemon that
// is busy or hung, 1 anything else. GATEWATCH_DEBUG=1 adds the stack, for a bug report.
import { EX_TEMPFAIL } from './control/lock.js';
import { DaemonBusy, DaemonFailed, DaemonNoSocket, DaemonUnreachable, UntrustedSocket } from './control/client.js';
import { loadLocale, phrase, t } from './i18n.js';
import type { Locale } from './types.js';
import { localeFromEnv } from './util/locale-env.js';
import { CliError } from './util/cli-error.js';
import { CliExit, cliIo, exit as exitWith } from './cli-io.js';

/** Exit 78 (EX_CONFIG), as for any config error. */
export const EX_CONFIG = 78;

/**
 * The one line an error ends a command with, and its exit code; in the terminal's language (the config, if any was
 * read, is not known here).
 */
export async function cliFailure(
  err: unknown,
  l: Locale = localeFromEnv(cliIo().env),
): Promise<{ line: string; exit: number; asIs?: boolean }> {
  // The class is loaded only by the config code that throws it (commands that read no config never load it).
  await loadLocale(l);
  if ((err as Error)?.name === 'ConfigError') {
    const { ConfigError, configErrorLine, configErrorLocale } = await import('./config/load.js');
    if (err instanceof ConfigError) {
      // The terminal's language, else the file's own, which `gatewatch run` on an English terminal has not loaded yet.
      const locale = configErrorLocale(err, cliIo().env);
      await loadLocale(locale);
      return { line: configErrorLine(err, locale), exit: EX_CONFIG, asIs: true };
    }
  }
  if (err instanceof CliError) return { line: err.message, exit: err.exitCode };
  if (err instanceof UntrustedSocket)
    return { line: t(l, 'cli.daemon.untrusted', { socket: err.socket, why: phrase(l, err.why) }), exit: EX_TEMPFAIL };
  if (err instanceof DaemonBusy) {
    const why = phrase(l, err.why);
    return {
      line: err.pid
        ? t(l, 'cli.daemon.busy_pid', { pid: err.pid, socket: err.socket, why })
        : t(l, 'cli.daemon.busy', { socket: err.socket, why }),
      exit: EX_TEMPFAIL,
    };
  }
  if (err instanceof DaemonUnreachable)
    return {
      line: err.pid
        ? t(l, 'cli.daemon.unreachable_pid', { pid: err.pid, socket: err.socket })
        : t(l, 'cli.daemon.unreachable', { socket: err.socket }),
      exit: EX_TEMPFAIL,
    };
  if (err instanceof DaemonNoSocket)
    return {
      line: t(l, 'cli.daemon.no_control', { pid: err.pid, refused: err.note.refused, why: phrase(l, err.note.why) }),
      exit: EX_TEMPFAIL,
    };
  if (err instanceof DaemonFailed) return { line: phrase(l, err.why), exit: 1 };
  return { line: err instanceof Error ? err.message : String(err), exit: 1 };
}

/** Write the one line (every line break in a message folded, so it stays one) and exit. */
export async function failAndExit(err: unknown): Promise<never> {
  // A run given its own I/O ends with CliExit (cli-io.ts): that is its exit, not an error.
  if (err instanceof CliExit) throw err;
  const { line, exit, asIs } = await cliFailure(err);
  // A config error keeps its own layout (file:line: key: expected); any other message is folded into one line.
  const io = cliIo();
  io.stderr.write(`gatewatch: ${asIs ? line : line.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
  if (io.env.GATEWATCH_DEBUG && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
  exitWith(exit);
}

export function withConfigErrors<A extends unknown[]>(fn: (...a: A) => Promise<void>) {
  return async (...a: A) => {
    try {
      await fn(...a);
    } catch (err) {
      await failAndExit(err);
    }
  };
}
