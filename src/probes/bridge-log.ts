// WhatsApp's Node bridge writes its stdout+stderr to <home>/platforms/whatsapp/bridge.log, untimestamped
// (hermes-gateway-current.md §6). Only the tail matters (the last status line, the last login QR code), and reading
// it must stay bounded: one window of the file's end, whatever the file or one line in it holds.
import { stat } from '../util/file-calls.js';
import path from 'node:path';
import { KiB, readTail } from '../util/read-capped.js';

const BRIDGE_LOG = path.join('platforms', 'whatsapp', 'bridge.log');
/** Holds a whole QR code of the largest version (177 modules: 89 rows of 179 three-byte characters) and what follows. */
const TAIL_BYTES = 64 * KiB;
const TAIL_LINES = 60;
/** From the last QR header on: the header, a code of the largest version, and then the head and end of what followed. */
const QR_HEAD_LINES = 200;
const QR_END_LINES = 100;

/** `console.log('\n📱 Scan this QR code with WhatsApp on your phone:\n')` before each code [bridge.js @00561603]. */
export const QR_HEADER = '📱 Scan this QR code with WhatsApp on your phone:';

export interface BridgeLogTail {
  file: string;
  /** Last lines, oldest first. */
  tail: string[];
  mtimeMs: number;
  /** The lines from the newest QR header on, when the window has one (bounded: its head and its end). */
  qr?: string[];
}

/** The newest QR header and the lines after it; a long run after it keeps its head (the code) and its end. */
export function qrSection(lines: readonly string[]): string[] | undefined {
  let at = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.length < 80 && lines[i]!.trim() === QR_HEADER) {
      at = i;
      break;
    }
  }
  if (at < 0) return undefined;
  const after = lines.slice(at);
  return after.length <= QR_HEAD_LINES + QR_END_LINES
    ? after
    : [...after.slice(0, QR_HEAD_LINES), ...after.slice(-QR_END_LINES)];
}

export const bridgeLogPath = (home: string) => path.join(home, BRIDGE_LOG);

/** Size and mtime of bridge.log ('' when there is none): what changes when the bridge writes. */
async function bridgeLogStamp(home: string): Promise<string> {
  return stat(bridgeLogPath(home)).then(
    (s) => `${s.size}:${s.mtimeMs}`,
    () => '',
  );
}

export interface BridgeLogWrites {
  /** Whether bridge.log was written since the last ask (the first time: since bridgeLogWrites); none is no write. */
  written(): Promise<boolean>;
  /** Whether the last ask found a bridge.log. */
  there(): boolean;
}

export async function bridgeLogWrites(home: string): Promise<BridgeLogWrites> {
  let last = await bridgeLogStamp(home);
  return {
    async written() {
      const stamp = await bridgeLogStamp(home);
      const written = stamp !== last && stamp !== '';
      last = stamp;
      return written;
    },
    there: () => last !== '',
  };
}

export async function readBridgeLog(home: string): Promise<BridgeLogTail | undefined> {
  const file = bridgeLogPath(home);
  const tail = await readTail(file, TAIL_BYTES).catch(() => undefined);
  if (!tail) return undefined;
  const qr = qrSection(tail.lines);
  return { file, tail: tail.lines.slice(-TAIL_LINES), mtimeMs: tail.mtimeMs, ...(qr ? { qr } : {}) };
}
