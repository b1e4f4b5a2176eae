// WhatsApp's Node bridge writes its stdout+stderr to <home>/platforms/whatsapp/bridge.log, untimestamped
// (hermes-gateway-current.md §6). Only the tail matters (the last status line), and reading it must stay bounded.
import { open, stat } from 'node:fs/promises';
import path from 'node:path';

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
  let size: number;
  let mtimeMs: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) return undefined;
    size = st.size;
    mtimeMs = st.mtimeMs;
  } catch {
    return undefined;
  }
  const start = Math.max(0, size - TAIL_BYTES);
  const fh = await open(file, 'r').catch(() => undefined);
  if (!fh) return undefined;
  try {
    const buf = Buffer.alloc(size - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    let lines = buf.subarray(0, bytesRead).toString('utf8').split('\n');
    if (start > 0) lines = lines.slice(1); // the first line is cut
    return { file, tail: lines.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim()).slice(-TAIL_LINES), mtimeMs };
  } finally {
    await fh.close();
  }
}
