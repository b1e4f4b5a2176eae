// Whose failure a platform's is, on a phone and in the long form (issue 51 item 3): an alert says what is not known in
// plain words, never which config keys would tell; `doctor`, `check` and /status's details still carry that how-to.
// Every scope verdict, on a real outage (qq-outage.log), in both locales.
import { describe, expect, it } from 'vitest';
import { scopeVerdict, withScope, type ScopeInput } from '../../src/detectors/scope.js';
import { decideRestarts } from '../../src/detectors/restart-advice.js';
import { runDetectors } from '../../src/detectors/index.js';
import { incidentAlert } from '../../src/delivery/alerts.js';
import { findingsReply } from '../../src/delivery/findings-reply.js';
import { scopeDetails } from '../../src/delivery/scope-words.js';
import { renderText } from '../../src/delivery/render-text.js';
import { step } from '../../src/incidents/machine.js';
import { en } from '../../src/text/en.js';
import type { ConnectProbe, ScopeProbes } from '../../src/evidence.js';
import type { Finding, Locale } from '../../src/types.js';
import { buildEvidence, iso, SETTINGS, stateFile } from '../helpers/evidence.js';

const API_OK: ConnectProbe = { reachable: true, endpoint: 'api.sgroup.qq.com:443' };
const API_REFUSED: ConnectProbe = {
  reachable: false,
  endpoint: 'api.sgroup.qq.com:443',
  failedAt: 'tcp',
  error: 'ECONNREFUSED',
};
const EGRESS_OK: ConnectProbe = { reachable: true, endpoint: 'www.example.com:443' };
const EGRESS_DOWN: ConnectProbe = {
  reachable: false,
  endpoint: 'www.example.com:443',
  failedAt: 'dns',
  error: 'EAI_AGAIN',
};
const fleet = (reporting: number, down: number) => ({ reporting, down, quorum: 2 });

/** One set of probes for each of the verdict's reasons (src/detectors/scope.ts), and none at all. */
const CASES: ScopeInput[] = [
  {},
  { reach: API_REFUSED, egress: EGRESS_DOWN },
  { reach: API_REFUSED, fleet: fleet(3, 0) },
  { reach: API_OK, fleet: fleet(3, 2) },
  { reach: API_OK, ownBot: { channel: 'qq', answer: 'server_error', status: 502, detail: 'HTTP 502' } },
  { hermes5xx: 503 },
  { hermes5xx: 502, othersUp: ['Feishu'] },
  { logNetwork: { names: ['QQ', 'Feishu'], error: 'Temporary failure in name resolution', how: 'dns' } },
  { logNetwork: { names: ['QQ', 'Feishu'], error: 'Connection refused', how: 'all' } },
  { ownBot: { channel: 'qq', answer: 'answered', status: 200, detail: 'HTTP 200' } },
  { reach: API_REFUSED, egress: EGRESS_OK },
  { reach: API_REFUSED },
  { reach: API_OK, fleet: fleet(2, 0) },
  { fleet: fleet(3, 0) },
  { reach: API_OK },
  { fleet: { error: 'ECONNREFUSED' } },
];

/** A config key as the README writes them: `detect.egress`, `fleet.prometheus`, `http.token` … */
const CONFIG_KEY = /\b(?:detect|fleet|http|remediate|alerts|channels|history|targets)\.[a-z_]+/;

const at = Date.parse('2026-07-03T00:06:40Z');

/** qq-outage.log's QQ outage with these probes, judged: its platform finding, and the alert it opens. */
function judged(probes: ScopeInput): { f: Finding; alert: (locale: Locale) => string } {
  const { hermes5xx: _5xx, othersUp: _up, logNetwork: _net, ...scope } = probes;
  const ev = buildEvidence({
    log: 'qq-outage.log',
    state: stateFile('running', {
      feishu: 'connected',
      qqbot: { state: 'disconnected', updated_at: iso('2026-07-03 08:06:10') },
    }),
    now: 30_000,
    overrides: { scope: { qqbot: scope as ScopeProbes } },
  });
  const found = decideRestarts(withScope(ev, runDetectors(ev, SETTINGS)));
  let f = found.find((x) => x.platform === 'qqbot')!;
  // What Hermes' log says (its 5xx, other platforms up, several failing alike) is read from its log; this log says
  // none of it, so the verdict is put on as withScope would.
  if (probes.hermes5xx !== undefined || probes.logNetwork !== undefined) {
    const v = scopeVerdict(probes, 'QQ');
    f = { ...f, scope: v.scope, ...(v.why ? { scopeWhy: v.why } : {}) };
  }
  const settings = { remindEveryMs: 3_600_000, flap: { transitions: 3, withinMs: 1_800_000 } };
  const opened = step({}, 'default', [f], at, settings, false).events[0]!;
  return { f, alert: (locale) => renderText(incidentAlert(opened, locale, at, 1_800_000).reply, { buttons: false }) };
}

describe('scope words on a phone and in the long form', () => {
  it('every reason of the verdict has a case here', () => {
    const said = new Set(CASES.map((c) => (scopeVerdict(c, 'QQ').why as { key?: string } | undefined)?.key));
    const keys = Object.keys(en).filter((k) => k.startsWith('scope.why.'));
    expect(keys.filter((k) => !said.has(k))).toEqual([]);
  });

  it.each(CASES.map((c) => [JSON.stringify(c), c] as const))('an alert names no config key: %s', (_n, probes) => {
    const { alert } = judged(probes);
    for (const locale of ['en', 'zh-CN'] as const) expect(alert(locale)).not.toMatch(CONFIG_KEY);
  });

  it('says what is not known in words on the phone, and how to tell it in doctor, check and /status', () => {
    const { f, alert } = judged({ reach: API_REFUSED });
    expect(f.scope).toBe('unknown');
    expect(alert('en')).toContain(
      "whose failure  not known: QQ does not answer this host (TCP api.sgroup.qq.com:443: ECONNREFUSED); whether this host's network or QQ itself fails is not known",
    );
    expect(alert('zh-CN')).toContain('是本机网络还是 QQ 本身的问题，尚无法判断');
    for (const locale of ['en', 'zh-CN'] as const) {
      const long = renderText(findingsReply('default', [f], locale, { dialect: 'cli' }));
      expect(long).toMatch(/detect\.egress/);
      expect(long).toMatch(/fleet\.prometheus/);
      expect(scopeDetails(locale, f)).toMatch(/detect\.egress.*fleet\.prometheus/);
    }
    expect(scopeDetails('en', f)).toBe(
      "not known: QQ does not answer this host (TCP api.sgroup.qq.com:443: ECONNREFUSED); whether this host's network or QQ itself fails is not known. To tell: set detect.egress (a host outside QQ) or fleet.prometheus (other gatewatch instances)",
    );
  });

  it('a verdict that needs no how-to says the same in the long form', () => {
    const { f } = judged({ reach: API_REFUSED, egress: EGRESS_DOWN });
    expect(scopeDetails('en', f)).toMatch(/^this host's network: gatewatch cannot reach www\.example\.com:443/);
    expect(scopeDetails('en', f)).not.toMatch(CONFIG_KEY);
  });
});
