// pino to stderr: stdout belongs to the console channel and to CLI output. Every line passes the one redactor on its
// way out (message, bindings, serialized errors, secret-named fields), so nothing logged can carry a secret.
import pino, { type DestinationStream, type Logger } from 'pino';
import { redact, redactDeep } from './redact.js';

/** A finished pino line, redacted: parsed and masked field by field; text that is not JSON is redacted as text. */
export function redactLogLine(line: string): string {
  try {
    return JSON.stringify(redactDeep(JSON.parse(line))) + '\n';
  } catch {
    return redact(line);
  }
}

export function redactingStream(write: (line: string) => void): DestinationStream {
  return { write: (line: string) => write(redactLogLine(line)) };
}

export function createLogger(level = process.env.GATEWATCH_LOG_LEVEL ?? 'info', out?: (line: string) => void): Logger {
  const stderr = out ? undefined : pino.destination({ fd: 2, sync: true });
  return pino({ level, base: undefined }, redactingStream(out ?? ((l) => void stderr!.write(l))));
}
