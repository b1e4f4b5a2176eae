// gateway_state.json: what Hermes last wrote about itself. Written atomically, but other writers or a copy in
// progress can still show us a torn file, so invalid JSON gets one retry. Never proof of liveness (see process.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayStateFile, PlatformState } from '../evidence.js';
import { MiB, readCapped } from './read-capped.js';

/** Hermes' state file is a few KB; anything near this is not one (and must not cost memory on every check). */
export const MAX_STATE_FILE_BYTES = MiB;

export interface ReadStateOptions {
  /** Delay before the one retry of an unparsable file, ms. */
  retryDelayMs?: number;
}

export async function readGatewayState(
  file: string,
  opts: ReadStateOptions = {},
): Promise<{ state: GatewayStateFile | null; error?: string }> {
  let lastError = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) await sleep(opts.retryDelayMs ?? 150);
    let text: string;
    try {
      text = await readCapped(file, MAX_STATE_FILE_BYTES);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { state: null };
      if (code === 'ENOTREG' || code === 'EFBIG') return { state: null, error: (err as Error).message };
      return { state: null, error: `cannot read ${file} (${code ?? String(err)})` };
    }
    const parsed = parseGatewayState(text);
    if (parsed.state) return parsed;
    lastError = `${file}: ${parsed.error}`;
  }
  return { state: null, error: lastError };
}

/** Keeps the known fields with the right types; anything else is ignored. */
export function parseGatewayState(text: string): { state: GatewayStateFile | null; error?: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { state: null, error: text.trim() ? `invalid JSON (${(err as Error).message})` : 'empty file' };
  }
  if (!isObject(data)) return { state: null, error: 'expected a JSON object' };
  const s: GatewayStateFile = { platforms: {} };
  if (isInt(data.pid)) s.pid = data.pid;
  if (isInt(data.start_time)) s.start_time = data.start_time;
  if (typeof data.gateway_state === 'string') s.gateway_state = data.gateway_state;
  if (typeof data.exit_reason === 'string' || data.exit_reason === null) s.exit_reason = data.exit_reason;
  if (typeof data.restart_requested === 'boolean') s.restart_requested = data.restart_requested;
  if (isInt(data.active_agents)) s.active_agents = data.active_agents;
  if (typeof data.updated_at === 'string') s.updated_at = data.updated_at;
  if (isObject(data.platforms)) {
    for (const [name, p] of Object.entries(data.platforms)) {
      if (!isObject(p) || typeof p.state !== 'string') continue;
      const ps: PlatformState = { state: p.state };
      if (typeof p.error_code === 'string' || p.error_code === null) ps.error_code = p.error_code;
      else if (typeof p.error_code === 'number') ps.error_code = String(p.error_code);
      if (typeof p.error_message === 'string' || p.error_message === null) ps.error_message = p.error_message;
      if (typeof p.updated_at === 'string') ps.updated_at = p.updated_at;
      s.platforms[name] = ps;
    }
  }
  return { state: s };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}
