// WhatsApp deaf behind an orphan bridge (hermes-gateway-current.md §8.8, #87833): a bridge from an earlier gateway life
// holds the port; the current gateway's bridge connected, died on EADDRINUSE, and its login invalidated the
// survivor's session. The gateway logs `✓ whatsapp connected`, the survivor's /health says connected, and nothing
// arrives. A gateway restart alone does not help (the orphan survives it and the race repeats): stop the orphan
// (after checking its command line names this home's session: a port is no proof of ownership), then restart once.
import type { BridgeProcess, Detector, Evidence } from '../../evidence.js';
import type { PlatformCheck } from '../../detectors/platform-rule.js';
import type { Finding, FindingParam } from '../../types.js';
import { bridgePortBlocked } from '../../probes/whatsapp-bridges.js';
import { currentRun, finding, processAlive, type EvidenceLine } from '../../detectors/common.js';
import { lastInbound } from '../../detectors/inbound.js';
import { entryFact, liveEntries } from '../../detectors/platform-entries.js';
import { ownFinding, ownKey } from '../platform.js';
import { en } from './words.js';

/** `config.extra.get("bridge_port", 3000)`. */
const DEFAULT_PORT = 3000;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** This home's bridge from an earlier life: its session, not the live gateway's child, started before the gateway. */
function orphanOf(ev: Evidence, port: number | undefined): BridgeProcess | undefined {
  const started = ev.process.startedAt ?? currentRun(ev).startedAt;
  const candidates = (ev.hermes?.whatsappBridges?.bridges ?? []).filter(
    (b) =>
      b.ownSession &&
      !b.childOfGateway &&
      (started === undefined || b.startedAt === undefined || b.startedAt < started),
  );
  return candidates.find((b) => port === undefined || b.port === undefined || b.port === port) ?? candidates[0];
}

const orphanBridge: Detector = {
  check: 'whatsapp_orphan_bridge',
  detect(ev, s): Finding[] {
    const log = ev.hermes?.whatsappBridge;
    if (!processAlive(ev) || !log) return [];
    const blocked = bridgePortBlocked(log.tail);
    if (!blocked) return [];
    // The gateway must claim WhatsApp connected: a bridge that is down is platform_down's (or the crash loop's).
    const entry = liveEntries(ev).find((e) => e.key === 'whatsapp');
    if (entry?.st.state !== 'connected') return [];
    const start = currentRun(ev).startedAt ?? ev.process.startedAt;
    // A WhatsApp message since the start: the bridge that serves this gateway hears.
    const heard = lastInbound(ev, 'whatsapp');
    if (heard !== undefined && (start === undefined || heard >= start)) return [];
    const scan = ev.hermes?.whatsappBridges;
    // The gateway's own bridge runs after all (a later spawn bound the port): the EADDRINUSE was a passing race.
    if (scan?.bridges.some((b) => b.ownSession && b.childOfGateway)) return [];
    const orphan = orphanOf(ev, blocked.port);
    const port = orphan?.port ?? blocked.port ?? DEFAULT_PORT;
    const facts: EvidenceLine[] = [
      entryFact(entry),
      ...blocked.lines.map((l) => `${log.file}: ${l}`),
      start !== undefined
        ? { key: 'evidence.whatsapp.no_inbound_since', params: { at: iso(start) } }
        : { key: 'evidence.whatsapp.no_inbound' },
    ];
    if (orphan) {
      return [
        finding(ev, s, {
          check: 'whatsapp_orphan_bridge',
          severity: 'critical',
          // A restart alone repeats the race: blocks restarts for WhatsApp only, until the orphan is gone.
          restart: 'never',
          platform: 'whatsapp',
          params: {
            pid: String(orphan.pid),
            port: String(port),
            started: orphan.startedAt !== undefined ? iso(orphan.startedAt) : '?',
          },
          // Stop exactly the proven orphan, then restart once: Hermes has no verb that makes one platform reconnect.
          ...(orphan.identity
            ? {
                remedies: [
                  {
                    kind: 'stop_process_then_restart' as const,
                    // Proven again right before the signal: the same process, still listening on the bridge port.
                    process: { ...orphan.identity, port },
                    why: {
                      key: 'fix.why.orphan_bridge',
                      params: { port: String(port), pid: String(ev.process.pid ?? '?') },
                    },
                  },
                ],
              }
            : {}),
          evidence: [
            {
              key: 'evidence.whatsapp.orphan_bridge',
              params: {
                pid: orphan.pid,
                ppid:
                  orphan.ppid !== undefined ? { key: 'evidence.paren', params: { what: `ppid ${orphan.ppid}` } } : '',
                started: orphan.startedAt !== undefined ? iso(orphan.startedAt) : '?',
                gateway: ev.process.pid ?? '?',
                cmdline: orphan.cmdline,
              },
            },
            ...facts,
          ],
        }),
      ];
    }
    const reason: FindingParam = scan?.checked
      ? { key: ownKey(en, 'finding.whatsapp_orphan_bridge.reason.none'), params: { count: scan.bridges.length } }
      : { key: ownKey(en, 'finding.whatsapp_orphan_bridge.reason.unscanned') };
    return [
      finding(ev, s, {
        check: 'whatsapp_orphan_bridge',
        text: ownFinding(en, 'whatsapp_orphan_bridge.unnamed'),
        severity: 'critical',
        restart: 'never',
        platform: 'whatsapp',
        params: { port: String(port), reason },
        evidence: [
          ...facts,
          ...(scan?.bridges ?? []).map(
            (b): EvidenceLine => ({ key: 'evidence.whatsapp.bridge', params: { pid: b.pid, cmdline: b.cmdline } }),
          ),
        ],
      }),
    ];
  },
};

export const orphanChecks: PlatformCheck[] = [{ ...orphanBridge, before: 'platform_deaf' }];
