// gateway.log as Hermes writes it: `%(asctime)s %(levelname)s %(name)s: %(message)s`, asctime in LOCAL time with
// the stdlib default format `YYYY-MM-DD HH:MM:SS,mmm` (reference §2.2).
import { appendFile } from 'node:fs/promises';
import type { LogLevel } from '../evidence.js';

export const LOGGER = {
  run: 'gateway.run',
  // v0.17.x name (the sample log's version); v0.18+ uses hermes_plugins.feishu_platform.adapter.
  feishu: 'gateway.platforms.feishu',
  qq: 'gateway.platforms.qqbot.adapter',
  // Current Hermes (hermes-gateway-current.md §6): plugin adapters log under hermes_plugins.<p>_platform.adapter.
  feishuPlugin: 'hermes_plugins.feishu_platform.adapter',
  telegram: 'hermes_plugins.telegram_platform.adapter',
  whatsapp: 'hermes_plugins.whatsapp_platform.adapter',
  discord: 'hermes_plugins.discord_platform.adapter',
  controlSocket: 'gateway.control_socket',
  // v0.20.2+ (hermes-gateway-current.md §8.2, §10.6): the next boot's report of an unclean death.
  lifecycle: 'gateway.lifecycle_ledger',
} as const;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatAsctime(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`
  );
}

export function formatRecord(ms: number, level: LogLevel, logger: string, message: string): string {
  return `${formatAsctime(ms)} ${level} ${logger}: ${message}`;
}

/**
 * Appends records in order without blocking the event loop. Every write (log lines and state-file writes alike)
 * goes through one queue so the files change in the order the events happened.
 */
export function createSerialQueue() {
  let tail: Promise<void> = Promise.resolve();
  return {
    push(job: () => Promise<void>): Promise<void> {
      const next = tail.then(job).catch((e: unknown) => {
        process.stderr.write(`demo gateway: write failed: ${(e as Error).message}\n`);
      });
      tail = next;
      return next;
    },
    /** Resolves when everything queued so far is written. */
    flush(): Promise<void> {
      return tail;
    },
  };
}

export type SerialQueue = ReturnType<typeof createSerialQueue>;

export function appendLines(file: string, lines: string[]): Promise<void> {
  return appendFile(file, lines.map((l) => l + '\n').join(''), { encoding: 'utf8', mode: 0o600 });
}
