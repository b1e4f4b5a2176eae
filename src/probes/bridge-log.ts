// WhatsApp's Node bridge writes its stdout+stderr to <home>/platforms/whatsapp/bridge.log, untimestamped
// (hermes-gateway-current.md §6). Only the tail matters (the last status line), and reading it must stay bounded.
import path from 'node:path';
import { readTail } from '../util/read-capped.js';

const BRIDGE_LOG = path.join('platforms', 'whatsapp', 'bridge.log');
const TAIL_BYTES = 16 * 1024;
const TAIL_LINES = 60;

export interface BridgeLogTail {
  file: string;
  /** Last lines, oldest first. */
  tail: string[];
  mtimeMs: number;
}

export async function readBridgeLog(home: string): Promise<BridgeLogTail | undefined> {
  const file = path.join(home, BRIDGE_LOG);
  const tail = await readTail(file, TAIL_BYTES).catch(() => undefined);
  return tail && { file, tail: tail.lines.slice(-TAIL_LINES), mtimeMs: tail.mtimeMs };
}
