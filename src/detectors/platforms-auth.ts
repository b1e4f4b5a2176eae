// Credentials, intents, pairing and sessions only the operator can fix (hermes-gateway-current.md §3 table, §6):
// Hermes never retries these codes, and a restart fails the same way. Also WhatsApp's bridge logging out, which the
// gateway only sees as an endless bridge respawn (the logout line is in platforms/whatsapp/bridge.log only).
import type { Detector } from '../evidence.js';
import type { Finding } from '../types.js';
import { isAuthCode } from './error-codes.js';
import { currentRun, finding, lastIndex, processAlive } from './common.js';
import { entryFact, liveEntries, withProfile } from './platform-entries.js';

const DOWN = new Set(['fatal', 'retrying', 'disconnected']);
const NOT_PAIRED = /^\[Whatsapp\] WhatsApp is enabled but not paired \(no creds\.json at /;
const LOGGED_OUT = /Logged out\. Delete session and restart to re-authenticate\./;
const BRIDGE_UP = /WhatsApp connected!/;
/** A logout older than this, with WhatsApp not even in the state file, is history (WhatsApp was turned off since). */
const BRIDGE_RECENT_MS = 60 * 60_000;

const platformAuthFailed: Detector = {
  check: 'platform_auth_failed',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const out: Finding[] = [];
    const seen = new Set<string>();
    const add = (key: string, platform: string, profile: string | undefined, evidence: string[], code: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      out.push(
        withProfile(
          finding(ev, s, { check: 'platform_auth_failed', text: `platform_auth_failed#${platform}`, severity: 'critical', restart: 'never', platform: key, params: { code }, evidence }),
          profile,
        ),
      );
    };
    for (const e of liveEntries(ev)) {
      if (DOWN.has(e.st.state) && isAuthCode(e.st.error_code)) add(e.key, e.platform, e.profile, [entryFact(e)], e.st.error_code!);
    }
    const run = currentRun(ev).records;
    const wa = liveEntries(ev).find((e) => e.platform === 'whatsapp' && !e.profile);
    const notPaired = lastIndex(run, (r) => NOT_PAIRED.test(r.message));
    if (notPaired >= 0 && wa?.st.state !== 'connected') add('whatsapp', 'whatsapp', undefined, [run[notPaired]!.line], 'whatsapp_not_paired');
    // A served profile never runs WhatsApp (shared ingress of the default profile): the root's target reports it.
    const bridge = ev.hermes?.serving?.role === 'served' ? undefined : ev.hermes?.whatsappBridge;
    if (bridge) {
      const out_ = bridge.tail.map((l, i) => (LOGGED_OUT.test(l) ? i : -1)).filter((i) => i >= 0);
      const lastOut = out_.at(-1) ?? -1;
      const lastUp = bridge.tail.map((l, i) => (BRIDGE_UP.test(l) ? i : -1)).filter((i) => i >= 0).at(-1) ?? -1;
      const current = (wa && wa.st.state !== 'connected') || ev.now - bridge.mtimeMs < BRIDGE_RECENT_MS;
      if (lastOut > lastUp && current && wa?.st.state !== 'connected') {
        add('whatsapp', 'whatsapp', undefined, [...(wa ? [entryFact(wa)] : []), `${bridge.file}: ${bridge.tail[lastOut]} (${out_.length}× in its last ${bridge.tail.length} lines)`], 'logged out');
      }
    }
    return out;
  },
};

export const authDetectors: Detector[] = [platformAuthFailed];
