// Credentials, intents, pairing and sessions only the operator can fix (hermes-gateway-current.md §3 table, §6):
// Hermes never retries these codes, and a restart fails the same way. Also WhatsApp's bridge logging out, which the
// gateway only sees as an endless bridge respawn (the logout line is in platforms/whatsapp/bridge.log only).
import type { Detector } from '../evidence.js';
import type { Finding } from '../types.js';
import { isAuthCode } from './error-codes.js';
import { finding, lastIndex, matching, patternGroup, processAlive, type EvidenceLine } from './common.js';
import { entryFact, liveEntries, withProfile } from './platform-entries.js';
import { codeParam } from '../i18n.js';

const DOWN = new Set(['fatal', 'retrying', 'disconnected']);
const NOT_PAIRED = /^\[Whatsapp\] WhatsApp is enabled but not paired \(no creds\.json at /;
const LOGGED_OUT = /Logged out\. Delete session and restart to re-authenticate\./;
const BRIDGE_UP = /WhatsApp connected!/;
// From the log alone (a state file that predates error codes, or is unreadable): the runner's reaction names the code,
// and Discord's classified messages are quoted in it (§6 Discord).
const RUNNER_CODE =
  /^(?:Fatal (\w+) adapter error(?: for multiplexed profile (\S+))? \((\w+)\)|Reconnect (\w+): non-retryable error \((\w+)\))/;
const DISCORD_TOKEN = /Discord bot token rejected: /;
const DISCORD_INTENTS = /Discord rejected the connection because privileged Gateway Intents are not enabled/;
const UP = (platform: string) =>
  new RegExp(
    `^✓ ${platform} (connected|reconnected)\\b|^\\[${platform[0]!.toUpperCase()}${platform.slice(1)}\\] Connected as `,
  );

/** Every line this detector reads (UP of any platform): the scans below see only these, in run order. */
const LINES = patternGroup(
  RUNNER_CODE,
  DISCORD_TOKEN,
  DISCORD_INTENTS,
  /^✓ \w+ (connected|reconnected)\b|^\[\w+\] Connected as /,
  NOT_PAIRED,
);

/** A logout older than this, with WhatsApp not even in the state file, is history (WhatsApp was turned off since). */
const BRIDGE_RECENT_MS = 60 * 60_000;

const platformAuthFailed: Detector = {
  check: 'platform_auth_failed',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const out: Finding[] = [];
    const seen = new Set<string>();
    const add = (
      key: string,
      platform: string,
      profile: string | undefined,
      evidence: EvidenceLine[],
      code: string,
    ) => {
      if (seen.has(key)) return;
      seen.add(key);
      out.push(
        withProfile(
          finding(ev, s, {
            check: 'platform_auth_failed',
            text: `platform_auth_failed.${platform}`,
            severity: 'critical',
            restart: 'never',
            platform: key,
            params: { code: codeParam(code) },
            evidence,
          }),
          profile,
        ),
      );
    };
    for (const e of liveEntries(ev)) {
      if (DOWN.has(e.st.state) && isAuthCode(e.st.error_code))
        add(e.key, e.platform, e.profile, [entryFact(e)], e.st.error_code!);
    }
    const run = matching(ev, LINES);
    const entries = new Map(liveEntries(ev).map((e) => [e.key, e]));
    for (let i = run.length - 1; i >= 0; i--) {
      const r = run[i]!;
      const m = RUNNER_CODE.exec(r.message);
      let platform = m?.[1] ?? m?.[4];
      let profile = m?.[2];
      let code = m?.[3] ?? m?.[5];
      if (!m || !isAuthCode(code)) {
        const intents = DISCORD_INTENTS.test(r.message);
        if (!intents && !DISCORD_TOKEN.test(r.message)) continue;
        platform = 'discord';
        profile = undefined;
        code = intents ? 'discord_intents_required' : 'discord_auth_error';
      }
      const key = profile ? `${profile}:${platform}` : platform!;
      if (seen.has(key) || entries.get(key)?.st.state === 'connected') continue;
      if (lastIndex(run, (x) => UP(platform!).test(x.message)) > i) continue;
      const servedAs = ev.hermes?.serving?.role === 'served' ? ev.hermes.serving.profile : undefined;
      add(key, platform!, profile ?? servedAs, [r.line], code!);
    }
    const wa = liveEntries(ev).find((e) => e.platform === 'whatsapp' && !e.profile);
    const notPaired = lastIndex(run, (r) => NOT_PAIRED.test(r.message));
    if (notPaired >= 0 && wa?.st.state !== 'connected')
      add('whatsapp', 'whatsapp', undefined, [run[notPaired]!.line], 'whatsapp_not_paired');
    // A served profile never runs WhatsApp (shared ingress of the default profile): the root's target reports it.
    const bridge = ev.hermes?.serving?.role === 'served' ? undefined : ev.hermes?.whatsappBridge;
    if (bridge) {
      const out_ = bridge.tail.map((l, i) => (LOGGED_OUT.test(l) ? i : -1)).filter((i) => i >= 0);
      const lastOut = out_.at(-1) ?? -1;
      const lastUp =
        bridge.tail
          .map((l, i) => (BRIDGE_UP.test(l) ? i : -1))
          .filter((i) => i >= 0)
          .at(-1) ?? -1;
      const current = (wa && wa.st.state !== 'connected') || ev.now - bridge.mtimeMs < BRIDGE_RECENT_MS;
      if (lastOut > lastUp && current && wa?.st.state !== 'connected') {
        add(
          'whatsapp',
          'whatsapp',
          undefined,
          [
            ...(wa ? [entryFact(wa)] : []),
            {
              key: 'evidence.log_line_repeated',
              params: { file: bridge.file, line: bridge.tail[lastOut]!, count: out_.length, lines: bridge.tail.length },
            },
          ],
          'logged_out',
        );
      }
    }
    return out;
  },
};

export const authDetectors: Detector[] = [platformAuthFailed];
