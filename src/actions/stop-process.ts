// Stop one process a remedy names, and nothing else: the process now behind the pid must be the one proven earlier
// (same pid, same start time, same command line), never the watched gateway or anything it spawned, never gatewatch
// or its ancestors. SIGTERM first; SIGKILL once the grace has passed on the injected clock.
import { errnoParam, wordParam } from '../i18n.js';
import type { FindingParam, ProcessIdentity } from '../types.js';
import type { Clock } from '../util/clock.js';
import { ancestorsOf, holdsPort, readLiveProcess } from '../probes/proc-identity.js';

export type StopResult =
  | { ok: true; signal: 'SIGTERM' | 'SIGKILL'; gone: 'already' | 'stopped' }
  | { ok: false; code: 'changed' | 'protected' | 'signal' | 'survived'; detail: string; why: FindingParam };

/** Why a stop did not happen: `detail` in English (the audit log), `why` for its reader. */
const refusal = <C extends string>(code: C, why: Extract<FindingParam, object>) => ({
  code,
  detail: wordParam('en', why),
  why,
});

export interface StopOptions {
  clock: Clock;
  /** The watched gateway's pid(s): neither they nor their descendants are ever signalled. */
  protect: readonly number[];
  graceMs?: number;
  pollMs?: number;
}

const DEFAULT_GRACE_MS = 10_000;
const DEFAULT_POLL_MS = 100;

/** Why `want` may not be signalled now, or undefined when the process behind its pid is exactly it and not protected. */
export async function refuseStop(
  want: ProcessIdentity,
  protect: readonly number[],
): Promise<{ code: 'changed' | 'protected'; detail: string; why: FindingParam } | 'gone' | undefined> {
  const now = await readLiveProcess(want.pid);
  if (!now) return 'gone';
  const id = now.identity;
  if (id.startTicks !== want.startTicks || id.argvHash !== want.argvHash) {
    return refusal('changed', {
      key: 'fix.detail.changed',
      params: { pid: want.pid, now: id.startTicks, then: want.startTicks, cmdline: id.cmdline },
    });
  }
  // A process named for the port it holds must hold it still: otherwise it is not what the finding is about.
  if (want.port !== undefined && !(await holdsPort(want.pid, want.port)))
    return refusal('changed', { key: 'fix.detail.port', params: { pid: want.pid, port: want.port } });
  const ours = new Set([...protect, process.pid, ...(await ancestorsOf(process.pid))]);
  if (ours.has(want.pid)) return refusal('protected', { key: 'fix.detail.ours', params: { pid: want.pid } });
  const up = await ancestorsOf(want.pid);
  const parent = up.find((p) => protect.includes(p));
  if (parent !== undefined)
    return refusal('protected', { key: 'fix.detail.descendant', params: { pid: want.pid, parent } });
  return undefined;
}

function signal(pid: number, sig: 'SIGTERM' | 'SIGKILL'): Extract<FindingParam, object> | undefined {
  try {
    process.kill(pid, sig);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ESRCH'
      ? undefined
      : { key: 'fix.detail.signal', params: { signal: sig, pid, code: code ? errnoParam(code) : String(e) } };
  }
}

/** Gone: no process, a zombie, or another process now behind the pid. */
async function goneNow(want: ProcessIdentity): Promise<boolean> {
  const now = await readLiveProcess(want.pid);
  return !now || now.identity.startTicks !== want.startTicks;
}

async function waitGone(want: ProcessIdentity, o: StopOptions, ms: number): Promise<boolean> {
  const until = o.clock.now() + ms;
  for (;;) {
    if (await goneNow(want)) return true;
    if (o.clock.now() >= until) return false;
    await o.clock.sleep(o.pollMs ?? DEFAULT_POLL_MS);
  }
}

export async function stopProcess(want: ProcessIdentity, o: StopOptions): Promise<StopResult> {
  const refused = await refuseStop(want, o.protect);
  if (refused === 'gone') return { ok: true, signal: 'SIGTERM', gone: 'already' };
  if (refused) return { ok: false, ...refused };
  const term = signal(want.pid, 'SIGTERM');
  if (term) return { ok: false, ...refusal('signal', term) };
  if (await waitGone(want, o, o.graceMs ?? DEFAULT_GRACE_MS)) return { ok: true, signal: 'SIGTERM', gone: 'stopped' };
  // Still the same process (re-proven: the pid could have been reused during the grace). A dying process may have
  // closed its port already: the port is not asked again, pid, start and command line are.
  const again = await refuseStop({ ...want, port: undefined }, o.protect);
  if (again === 'gone') return { ok: true, signal: 'SIGTERM', gone: 'stopped' };
  if (again) return { ok: false, ...again };
  const kill = signal(want.pid, 'SIGKILL');
  if (kill) return { ok: false, ...refusal('signal', kill) };
  if (await waitGone(want, o, 5_000)) return { ok: true, signal: 'SIGKILL', gone: 'stopped' };
  return { ok: false, ...refusal('survived', { key: 'fix.detail.survived', params: { pid: want.pid } }) };
}
