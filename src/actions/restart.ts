// Runs one restart through the supervisor and verifies it: a new pid, every expected platform connected,
// within verify_timeout. Reports how long it took.
import type { GatewayStateFile } from '../evidence.js';
import type { RestartRecord } from './restart-policy.js';

export interface RestartProbe {
  alive: boolean;
  pid?: number;
  state: GatewayStateFile | null;
}

export interface RestartJob {
  target: string;
  actor: string;
  reason: string;
  oldPid?: number;
  expectedPlatforms: string[];
  verifyTimeoutMs: number;
  supervisorRestart: () => Promise<{ ok: boolean; detail: string }>;
  probe: () => Promise<RestartProbe>;
  onProgress?: (text: string) => void | Promise<void>;
  pollMs?: number;
  now?: () => number;
}

export interface VerifyResult {
  ok: boolean;
  pid?: number;
  /** What is still missing when not ok. */
  missing: string[];
}

export function verifyRestarted(p: RestartProbe, oldPid: number | undefined, expected: string[]): VerifyResult {
  const missing: string[] = [];
  if (!p.alive || !p.pid) missing.push('process');
  else if (oldPid && p.pid === oldPid) missing.push('new pid');
  const st = p.state;
  if (!st || (p.pid && st.pid !== undefined && st.pid !== p.pid)) missing.push('fresh gateway_state.json');
  else {
    if (st.gateway_state !== 'running') missing.push(`gateway_state=${st.gateway_state ?? '?'}`);
    for (const name of expected) if (st.platforms[name]?.state !== 'connected') missing.push(`${name} ${st.platforms[name]?.state ?? 'absent'}`);
  }
  return { ok: missing.length === 0, pid: p.pid, missing };
}

export async function runRestart(job: RestartJob): Promise<RestartRecord> {
  const now = job.now ?? Date.now;
  const started = now();
  const rec: RestartRecord = { target: job.target, at: started, actor: job.actor, reason: job.reason };
  const sup = await job.supervisorRestart();
  if (!sup.ok) return { ...rec, ok: false, endedAt: now(), durationMs: now() - started, detail: `supervisor: ${sup.detail}` };
  await job.onProgress?.('restart command accepted; waiting for the new gateway to connect');
  let last: VerifyResult = { ok: false, missing: ['process'] };
  const deadline = started + job.verifyTimeoutMs;
  while (now() < deadline) {
    last = verifyRestarted(await job.probe(), job.oldPid, job.expectedPlatforms);
    if (last.ok) {
      const durationMs = now() - started;
      return { ...rec, ok: true, endedAt: now(), durationMs, detail: `pid ${last.pid}; ${job.expectedPlatforms.join(', ') || 'gateway'} connected` };
    }
    await new Promise((r) => setTimeout(r, job.pollMs ?? 1_000));
  }
  return { ...rec, ok: false, endedAt: now(), durationMs: now() - started, detail: `not verified within ${Math.round(job.verifyTimeoutMs / 1000)}s: missing ${last.missing.join(', ')}` };
}
