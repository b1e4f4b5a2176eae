// Who else polls this Telegram bot token on this host (hermes-gateway-current.md §6: a 409 that exhausts Hermes'
// retries means another getUpdates session holds the token; #92178: two units raced one token for 4 days). Run only
// when a conflict is suspected. Candidates: another Hermes home whose .env has the same TELEGRAM_BOT_TOKEN and whose
// `gateway run` process is alive (or a multiplexer serving a profile with it), and any process whose environment or
// command line carries the token (OpenClaw, a script). Our own gateway, its wrapper, its children and gatewatch itself
// are not "other". /proc is read asynchronously, each read capped, the whole scan under a deadline. The token is
// compared, never returned: every string that leaves here is masked.
import { readProcEntry, scanProcs, type ProcEntry } from './proc-scan.js';
import path from 'node:path';
import type { TelegramPoller, TelegramPollerEvidence } from '../evidence.js';
import { liveGatewayHome, isGatewayRunArgv, parseEnviron } from './process.js';
import { canonicalPath } from '../util/paths.js';
import { KiB, readCapped } from '../util/read-capped.js';
import { dotenvValue, readDotenv } from '../util/dotenv.js';
import { redact } from '../util/redact.js';
import { identityOf } from './proc-identity.js';
import { monotonicMs } from '../util/clock.js';
import { homeDir } from '../util/run-env.js';

const ENV_BYTES = 64 * KiB;
const PROC_BYTES = 128 * KiB;
const DEFAULT_TIMEOUT_MS = 4000;
const MAX_PROFILES = 64;

async function tokenOfHome(home: string): Promise<string | undefined> {
  const text = await readDotenv(path.join(home, '.env'), ENV_BYTES);
  return text === undefined ? undefined : dotenvValue(text, 'TELEGRAM_BOT_TOKEN');
}

type Proc = ProcEntry & { env: Record<string, string> | null };

async function readProc(pid: number): Promise<Proc | null> {
  const p = await readProcEntry(pid, PROC_BYTES);
  if (!p || !p.argv.length) return null; // gone, another user's, or a kernel thread
  const env = await readCapped(`/proc/${pid}/environ`, PROC_BYTES, { truncate: true }).then(parseEnviron, () => null);
  return { ...p, env };
}

/** Profiles a live multiplexing root serves (its gateway_state.json `served_profiles`). */
async function servedProfiles(home: string): Promise<string[]> {
  try {
    const st = JSON.parse(await readCapped(path.join(home, 'gateway_state.json'), 256 * KiB)) as {
      served_profiles?: unknown;
    };
    return Array.isArray(st.served_profiles)
      ? st.served_profiles
          .filter((p): p is string => typeof p === 'string' && /^[A-Za-z0-9][\w.-]*$/.test(p))
          .slice(0, MAX_PROFILES)
      : [];
  } catch {
    return [];
  }
}

export interface PollerScanOptions {
  /** Our own gateway's pid(s): they, their ancestors (the launchd wrapper) and their descendants (tools) are ours. */
  own: number[];
  timeoutMs?: number;
  homedir?: string;
}

/**
 * Other pollers of the bot token of `home` (its .env `TELEGRAM_BOT_TOKEN`) on this host. Linux only (/proc);
 * elsewhere `checked: false`.
 */
export async function findTelegramPollers(home: string, opts: PollerScanOptions): Promise<TelegramPollerEvidence> {
  const token = await tokenOfHome(home);
  if (!token) return { checked: false, reason: 'no TELEGRAM_BOT_TOKEN in .env', others: [] };
  const homedir = opts.homedir ?? homeDir();
  const ours = await canonicalPath(home);
  const deadline = monotonicMs() + (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const scan = await scanProcs(readProc, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (!scan.ok) return { checked: false, reason: scan.reason, others: [] };
  const { procs, partial: timedOut } = scan;
  // Ours: our gateway and gatewatch, their ancestors (wrappers, shells, the supervisor), and our gateway's descendants
  // (tool subprocesses inherit its environment). gatewatch's own children are short probes (ps, systemctl).
  const mine = new Set<number>([process.pid, ...opts.own]);
  for (const start of [process.pid, ...opts.own]) {
    for (let p = procs.get(start)?.ppid, n = 0; p && p > 1 && n < 32; p = procs.get(p)?.ppid, n++) mine.add(p);
  }
  const isMine = (pid: number): boolean => {
    for (let p: number | undefined = pid, n = 0; p && p > 1 && n < 64; p = procs.get(p)?.ppid, n++)
      if (opts.own.includes(p)) return true;
    return mine.has(pid);
  };
  const others: TelegramPoller[] = [];
  const tokens = new Map<string, Promise<string | undefined>>();
  const homeToken = (h: string) => {
    let t = tokens.get(h);
    if (!t) tokens.set(h, (t = tokenOfHome(h)));
    return t;
  };
  for (const p of procs.values()) {
    if (isMine(p.pid)) continue;
    const cmd = p.argv.join(' ');
    const what = (extra: string) => ({
      pid: p.pid,
      cmdline: redact(cmd, [token]).slice(0, 300),
      what: extra,
      identity: identityOf(p.pid, p.startTicks, p.argv, [token]),
    });
    if (p.env?.TELEGRAM_BOT_TOKEN === token) {
      others.push({ ...what('TELEGRAM_BOT_TOKEN in its environment'), via: 'environ' });
      continue;
    }
    if (cmd.includes(token)) {
      others.push({ ...what('the token on its command line'), via: 'cmdline' });
      continue;
    }
    if (!isGatewayRunArgv(p.argv) || monotonicMs() > deadline) continue;
    const served = await liveGatewayHome(p.pid, p.argv, p.env, homedir);
    if (served === undefined) continue;
    const theirs = await canonicalPath(served);
    if (theirs === ours) {
      others.push({
        ...what(`a second gateway of this Hermes home ${redact(theirs, [token])}`),
        via: 'hermes_home',
        home: redact(theirs, [token]),
      });
      continue;
    }
    if ((await homeToken(theirs)) === token) {
      others.push({
        ...what(`the gateway of Hermes home ${redact(theirs, [token])} with the same TELEGRAM_BOT_TOKEN in its .env`),
        via: 'hermes_home',
        home: redact(theirs, [token]),
      });
      continue;
    }
    for (const profile of await servedProfiles(theirs)) {
      const ph = path.join(theirs, 'profiles', profile);
      if ((await canonicalPath(ph)) === ours) continue;
      if ((await homeToken(ph)) === token) {
        others.push({
          ...what(
            `the gateway of Hermes home ${redact(theirs, [token])}, serving profile ${profile} with the same TELEGRAM_BOT_TOKEN in its .env`,
          ),
          via: 'hermes_home',
          home: redact(ph, [token]),
          profile,
        });
        break;
      }
    }
  }
  others.sort((a, b) => a.pid - b.pid);
  return {
    checked: true,
    scanned: procs.size,
    others,
    ...(timedOut ? { reason: `scan stopped after ${opts.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms: partial` } : {}),
  };
}
