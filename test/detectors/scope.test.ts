// "Us or them" (issue 44 item 1, hermes-gateway-current.md §10.5): the verdict on whose failure a platform's is, a pure
// function of what gatewatch's own probes found, one row per rule; then the verdict on every platform finding of a
// real outage (qq-outage.log), and the restart advice it decides (a restart is never advised for this host's network
// or for the platform), worded in both locales.
import { describe, expect, it } from 'vitest';
import { scopeVerdict, serverErrorOf, withScope, type ScopeInput } from '../../src/detectors/scope.js';
import { decideRestarts, targetRestart } from '../../src/detectors/restart-advice.js';
import { runDetectors } from '../../src/detectors/index.js';
import { wordFinding, wordParam } from '../../src/i18n.js';
import type { ConnectProbe, ScopeProbes } from '../../src/evidence.js';
import type { Finding, PlatformScope } from '../../src/types.js';
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
const OWN_OK: ScopeProbes['ownBot'] = { channel: 'qq', answer: 'answered', status: 200, detail: 'HTTP 200' };
const OWN_REFUSED_TOKEN: ScopeProbes['ownBot'] = { channel: 'qq', answer: 'answered', status: 401, detail: 'HTTP 401' };
const OWN_5XX: ScopeProbes['ownBot'] = { channel: 'qq', answer: 'server_error', status: 502, detail: 'HTTP 502' };
const OWN_NONE: ScopeProbes['ownBot'] = { channel: 'qq', answer: 'no_answer', detail: 'ECONNREFUSED' };
const fleet = (reporting: number, down: number, quorum = 2) => ({ reporting, down, quorum });

const ROWS: [string, ScopeInput, PlatformScope, string | undefined][] = [
  // this host's network
  ['the egress check fails too', { reach: API_REFUSED, egress: EGRESS_DOWN }, 'host_network', 'egress'],
  [
    'the egress check fails and nothing reached the platform',
    { ownBot: OWN_NONE, egress: EGRESS_DOWN },
    'host_network',
    'egress',
  ],
  [
    'the egress check fails, its API refused too',
    { reach: API_REFUSED, egress: EGRESS_DOWN },
    'host_network',
    'egress',
  ],
  [
    'most of the fleet has it up, our own bot gets no answer',
    { ownBot: OWN_NONE, fleet: fleet(4, 1) },
    'host_network',
    'fleet_up_unreached',
  ],
  [
    'most of the fleet has it up, its API does not answer here',
    { reach: API_REFUSED, fleet: fleet(3, 0) },
    'host_network',
    'fleet_up_unreached',
  ],
  // the platform, for everyone
  ['most of the fleet sees it down too', { reach: API_OK, fleet: fleet(3, 2) }, 'platform', 'fleet_down'],

  ['our own bot gets a 5xx', { reach: API_OK, ownBot: OWN_5XX }, 'platform', 'own_5xx'],
  ['Hermes gets a 5xx, our bot no answer', { ownBot: OWN_NONE, hermes5xx: 500 }, 'platform', 'hermes_5xx'],
  ['Hermes gets a 5xx and nothing else is known', { hermes5xx: 503 }, 'platform', 'hermes_5xx'],
  [
    'our own bot gets no answer while the egress check gets through: a route or a block to its API alone looks the same',
    { ownBot: OWN_NONE, egress: EGRESS_OK },
    'unknown',
    'unreached_egress_ok',
  ],
  [
    'its API does not answer while the egress check gets through: one vantage point cannot tell (§10.5)',
    { reach: API_REFUSED, egress: EGRESS_OK },
    'unknown',
    'unreached_egress_ok',
  ],
  // only this gateway
  // Our own bot's answer outweighs what cannot see the platform from here: an egress host's blip, a fleet of gateways
  // that share this one's fault (or all gave up on it).
  ['our own bot answers while the egress check fails', { ownBot: OWN_OK, egress: EGRESS_DOWN }, 'gateway', 'own_ok'],
  [
    'our own bot answers while most of the fleet has it down',
    { ownBot: OWN_OK, fleet: fleet(5, 4) },
    'gateway',
    'own_ok',
  ],
  ['our own bot gets its answers', { reach: API_OK, ownBot: OWN_OK }, 'gateway', 'own_ok'],
  ['a refused token is an answer: the platform serves', { ownBot: OWN_REFUSED_TOKEN }, 'gateway', 'own_ok'],
  ["Hermes' 5xx beside our bot's answers: this gateway", { ownBot: OWN_OK, hermes5xx: 500 }, 'gateway', 'own_ok'],
  ['the fleet has it up and its API answers here', { reach: API_OK, fleet: fleet(2, 0) }, 'gateway', 'fleet_up'],
  [
    'the fleet has it up and the egress check gets through',
    { egress: EGRESS_OK, fleet: fleet(3, 1) },
    'gateway',
    'fleet_up',
  ],
  // unknown
  ['nothing probed', {}, 'unknown', undefined],
  ['its API does not answer, nothing else to tell', { reach: API_REFUSED }, 'unknown', 'unreached'],
  [
    'our bot outweighs a connect: no answer though the API connects',
    { reach: API_OK, ownBot: OWN_NONE },
    'unknown',
    'unreached',
  ],
  ['its API answers here, nothing else known', { reach: API_OK }, 'unknown', 'reached'],
  ['the fleet has it up, nothing of this host known', { fleet: fleet(3, 0) }, 'unknown', 'fleet_up_only'],
  ['too few others report: below the quorum', { reach: API_OK, fleet: fleet(1, 1) }, 'unknown', 'reached'],
  ['the fleet splits evenly', { reach: API_REFUSED, fleet: fleet(4, 2) }, 'unknown', 'unreached'],
  ['Prometheus could not be asked', { fleet: { error: 'ECONNREFUSED' } }, 'unknown', 'fleet_error'],
  ['a quorum of one counts a lone other instance', { reach: API_OK, fleet: fleet(1, 1, 1) }, 'platform', 'fleet_down'],
];

describe('scopeVerdict', () => {
  it.each(ROWS)('%s', (_name, input, scope, why) => {
    const v = scopeVerdict(input, 'QQ');
    expect(v.scope).toBe(scope);
    expect(v.why === undefined ? undefined : (v.why as { key: string }).key).toBe(why && `scope.why.${why}`);
    // Worded in both locales, every parameter filled.
    if (v.why)
      for (const locale of ['en', 'zh-CN'] as const) expect(wordParam(locale, v.why)).not.toMatch(/\{\w+\}|undefined/);
  });

  it("reads a 5xx in Hermes' error however it is worded (§10.5), a failed connect as none", () => {
    expect(serverErrorOf('sendText failed: HTTP 500: Internal Server Error')).toBe(500);
    // aiohttp's ClientResponseError, and python-telegram-bot's 502 by its phrase alone.
    expect(serverErrorOf("502, message='Bad Gateway', url='https://api.sgroup.qq.com/gateway'")).toBe(502);
    expect(serverErrorOf('Bad Gateway')).toBe(502);
    expect(serverErrorOf('503 Service Unavailable')).toBe(503);
    expect(
      serverErrorOf(
        'Failed to get QQ Bot gateway URL: Cannot connect to host api.sgroup.qq.com:443 ssl:default [Temporary failure in name resolution]',
      ),
    ).toBeUndefined();
  });

  it('says the evidence in words: our own bot, the fleet, the egress host', () => {
    expect(wordParam('en', scopeVerdict({ ownBot: OWN_5XX }, 'QQ').why!)).toBe(
      "gatewatch's own bot on QQ gets HTTP 502 too",
    );
    expect(wordParam('zh-CN', scopeVerdict({ reach: API_OK, fleet: fleet(3, 2) }, 'QQ').why!)).toBe(
      '另外 3 个 gatewatch 实例中有 2 个也看到 QQ 中断',
    );
    expect(wordParam('en', scopeVerdict({ reach: API_REFUSED, egress: EGRESS_DOWN }, 'QQ').why!)).toBe(
      'gatewatch cannot reach www.example.com:443 from this host either (DNS www.example.com:443: EAI_AGAIN)',
    );
  });
});

/** qq-outage.log: QQ's reconnect loop failing on name resolution for four minutes, the state file saying disconnected. */
const outage = (scope?: Record<string, ScopeProbes>) =>
  buildEvidence({
    log: 'qq-outage.log',
    state: stateFile('running', {
      feishu: 'connected',
      qqbot: { state: 'disconnected', updated_at: iso('2026-07-03 08:06:10') },
    }),
    now: 30_000,
    overrides: scope ? { scope } : {},
  });

describe('withScope on a real outage', () => {
  it('every platform finding carries its scope, unknown with nothing probed; findings of no platform none', () => {
    const ev = outage();
    const found = withScope(ev, runDetectors(ev, SETTINGS));
    expect(found.filter((f) => f.platform).map((f) => [f.check, f.scope])).toEqual([['platform_down', 'unknown']]);
    expect(found.filter((f) => !f.platform).every((f) => f.scope === undefined)).toBe(true);
  });

  it('the platform for everyone: our own QQ bot gets a 5xx, the restart is never advised, and the words say why', () => {
    const ev = outage({ qqbot: { reach: API_OK, ownBot: OWN_5XX } });
    const found = decideRestarts(withScope(ev, runDetectors(ev, SETTINGS)));
    const f = found.find((x) => x.platform === 'qqbot')!;
    expect(f).toMatchObject({ check: 'platform_down', scope: 'platform', restart: 'never' });
    expect(f.heldBy).toMatchObject({ check: 'platform_scope', why: 'scope', platform: 'qqbot' });
    expect(targetRestart(found)).toMatchObject({ restart: 'never', fixable: [] });
    expect(wordFinding('en', f).action).toBe(
      'Do not restart the gateway for this: nothing here is broken. Wait for QQ to recover; Hermes reconnects by itself, and gatewatch says when it is back.',
    );
    expect(wordFinding('zh-CN', f).action).toBe(
      '不要为此重启网关：这里没有坏掉的东西。请等待 QQ 恢复；Hermes 会自动重连，恢复时 gatewatch 会告诉你。',
    );
  });

  it("this host's network: the egress check fails too; a restart is never advised", () => {
    const ev = outage({ qqbot: { reach: API_REFUSED, egress: EGRESS_DOWN } });
    const f = decideRestarts(withScope(ev, runDetectors(ev, SETTINGS))).find((x) => x.platform === 'qqbot')!;
    expect(f).toMatchObject({ scope: 'host_network', restart: 'never', heldBy: { why: 'scope', own: 'wait' } });
    expect(wordFinding('en', f).action).toMatch(/^Do not restart the gateway for this: it would meet the same network/);
  });

  it('Hermes gave up on the platform (QQ after its 100 attempts): the restart is kept, whatever the scope', () => {
    // A fleet of gateways that all gave up reports the platform down everywhere: each would hold its restart for good,
    // and only a restart brings the platform back once it is up again.
    const gaveUp = {
      check: 'qq_reconnect_exhausted',
      severity: 'critical',
      platform: 'qqbot',
      restart: 'helps',
      title: 'QQ gave up',
      explanation: '',
      action: '',
      evidence: [],
      scope: 'platform',
    } as unknown as Finding;
    const [f] = decideRestarts([gaveUp]);
    expect(f).toMatchObject({ restart: 'helps' });
    expect(f!.heldBy).toBeUndefined();
  });

  it("Hermes gave up on a platform this host's network cannot reach: not yet, the restart waits for the network (issue 51)", () => {
    // gatewatch's own probes say when this host reaches it again: then the restart comes. Before, the words said
    // "this host's network", "Restart the gateway" and a cooldown's time together, and nothing came at that time.
    const gaveUp = {
      check: 'qq_reconnect_exhausted',
      severity: 'critical',
      platform: 'qqbot',
      restart: 'helps',
      title: 'QQ gave up',
      explanation: '',
      action: '',
      evidence: [],
      scope: 'host_network',
      target: 'gw',
    } as unknown as Finding;
    const [f] = decideRestarts([gaveUp]);
    expect(f).toMatchObject({ restart: 'wait', heldBy: { why: 'reach', own: 'helps', platform: 'qqbot' } });
    expect(targetRestart([f!])).toMatchObject({ restart: 'wait', fixable: [] });
    expect(wordFinding('en', f!).action).toBe(
      "Fix this host's network (DNS, default route, proxy, firewall). Hermes has stopped retrying QQ: once this host reaches it again, the gateway needs a restart (by hand: `/restart gw`).",
    );
    expect(wordFinding('zh-CN', f!).action).toBe(
      '请修好本机网络（DNS、默认路由、代理、防火墙）。Hermes 已停止重试 QQ：本机重新连上它之后，网关需要重启一次（手动：`/restart gw`）。',
    );
    // Decided again, from its own advice: the same.
    expect(decideRestarts([f!])[0]).toMatchObject({ restart: 'wait', heldBy: { why: 'reach' } });
  });

  it('only this gateway: our own bot gets its answers; the finding keeps its own advice', () => {
    const ev = outage({ qqbot: { reach: API_OK, ownBot: OWN_OK } });
    const [plain] = runDetectors(ev, SETTINGS).filter((x) => x.platform === 'qqbot');
    const f = decideRestarts(withScope(ev, runDetectors(ev, SETTINGS))).find((x) => x.platform === 'qqbot')!;
    expect(f.scope).toBe('gateway');
    expect(f.restart).toBe(plain!.restart);
    expect(f.heldBy).toBeUndefined();
  });

  it('a served profile takes the probes of its platform', () => {
    const ev = outage({ qqbot: { ownBot: OWN_5XX } });
    const [f] = withScope(ev, [
      {
        check: 'platform_down',
        target: 'gw',
        platform: 'ops:qqbot',
        severity: 'critical',
        title: '',
        explanation: '',
        action: '',
        evidence: [],
        restart: 'helps',
      },
    ]);
    expect(f!.scope).toBe('platform');
  });

  it('is decided again from its own advice: the scope gone, the restart comes back', () => {
    const ev = outage({ qqbot: { ownBot: OWN_5XX } });
    const held = decideRestarts(withScope(ev, runDetectors(ev, SETTINGS)));
    const again = decideRestarts(withScope(outage(), held));
    expect(again.find((x) => x.platform === 'qqbot')).toMatchObject({ scope: 'unknown', restart: 'wait' });
    expect(again.find((x) => x.platform === 'qqbot')!.heldBy).toBeUndefined();
  });
});
