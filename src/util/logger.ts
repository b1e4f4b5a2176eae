// pino to stderr: stdout belongs to the console channel and to CLI output. Every line passes the one redactor on its
// way out (message, bindings, serialized errors, secret-named fields), so nothing logged can carry a secret.
import { createRequire } from 'node:module';
import type { DestinationStream, Logger } from 'pino';
import type pinoFn from 'pino';
import { redact, redactDeep } from './redact.js';

// Required when the first logger is made, not at import: a one-shot command that logs nothing never loads pino.
const requireHere = createRequire(import.meta.url);
const pino = (): typeof pinoFn => requireHere('pino') as typeof pinoFn;

/** A finished pino line, redacted: parsed and masked field by field; text that is not JSON is redacted as text. */
export function redactLogLine(line: string): string {
  try {
    return JSON.stringify(redactDeep(JSON.parse(line))) + '\n';
  } catch {
    return redact(line);
  }
}

function redactingStream(write: (line: string) => void): DestinationStream {
  return { write: (line: string) => write(redactLogLine(line)) };
}

export function createLogger(level = process.env.GATEWATCH_LOG_LEVEL ?? 'info', out?: (line: string) => void): Logger {
  const p = pino();
  const stderr = out ? undefined : p.destination({ fd: 2, sync: true });
  return p({ level, base: undefined }, redactingStream(out ?? ((l) => void stderr!.write(l))));
}

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const noop = () => undefined;

/**
 * The same logger, made on first use: calls below `level` are dropped without it. For one-shot commands (`check`,
 * `status` ...), which log at `warn` and usually write nothing.
 */
export function createLazyLogger(level = process.env.GATEWATCH_LOG_LEVEL ?? 'warn'): Logger {
  const threshold = LEVELS[level] ?? (level === 'silent' ? Infinity : 0);
  let real: Logger | undefined;
  return new Proxy({} as Logger, {
    get(_t, key) {
      if (typeof key === 'string' && LEVELS[key] !== undefined && LEVELS[key] < threshold) return noop;
      // Not a thenable: awaiting the logger (returned from an async function) must not make it.
      if (key === 'then') return undefined;
      real ??= createLogger(level);
      const v = (real as unknown as Record<string | symbol, unknown>)[key];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(real) : v;
    },
  });
}
