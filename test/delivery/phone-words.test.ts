// Words a person understands (issue 55 item 5): no config key, no platform as Hermes keys it and no internal id on a
// phone. "platform qqbot", "qqbot is disconnected for 34s", "ops:discord is fatal", "the configured `service.restart`
// command", "(multiplex_shared_ingress)", "(logged_out)", "(ack_stale)", "missing qqbot retrying", "→ /fix demo 1
// #da4d2625" were all seen. Every finding text of the catalogue and of each Hermes platform is built by the real
// finding builder for a served profile's platform under each kind of service manager and rendered as every alert kind,
// in both locales; the restart results, /status's platform rows, the codes the real detectors quote, and a button on a
// surface without buttons likewise. `internalNames` (test/helpers/phone-words.ts) says what a text must not carry.
import { describe, expect, it } from 'vitest';
import { finding, type FindingSpec } from '../../src/detectors/finding.js';
import { runDetectors } from '../../src/detectors/index.js';
import { step, type IncidentEvent } from '../../src/incidents/machine.js';
import { escalationAlert } from '../../src/delivery/escalate.js';
import { incidentAlert, muteEndAlert, restartAlert } from '../../src/delivery/alerts.js';
import { renderText } from '../../src/delivery/render-text.js';
import { renderText as renderQQ } from '../../src/chats/qq/render.js';
import { commandButton } from '../../src/util/command-line.js';
import { platformRows } from '../../commands/status-platforms.js';
import { describeRecord } from '../../commands/history.js';
import { t, wordFinding } from '../../src/i18n.js';
import { en } from '../../src/text/en.js';
import { HERMES_PLATFORMS } from '../../src/platforms/index.js';
import type { RestartRecord } from '../../src/actions/restart-policy.js';
import type { Evidence, ServiceEvidence } from '../../src/evidence.js';
import type { Alert, Finding, Locale, Reply } from '../../src/types.js';
import { buildEvidence, iso, SETTINGS } from '../helpers/evidence.js';
import { internalNames } from '../helpers/phone-words.js';
import { everyText } from '../helpers/every-text.js';

const MIN = 60_000;
const LOCALES: Locale[] = ['en', 'zh-CN'];
const flap = { transitions: 4, withinMs: 30 * MIN };

/** What a person reads of a reply: title, fields, lines, buttons' labels (not the quoted log lines of its code). */
const readable = (r: Reply) => [
  r.title,
  ...(r.fields ?? []).flatMap((f) => [f.label, f.value]),
  ...(r.lines ?? []),
  ...(r.buttons ?? []).map((b) => b.label),
];

function leaks(what: string, texts: string[]): string[] {
  return texts.flatMap((t) => internalNames(t).map((l) => `${what}: ${l}  ←  ${t}`));
}

/** Every finding text there is: the catalogue's and the ones each Hermes platform registers. */
function findingKeys(): string[] {
  const keys = new Set(Object.keys(en).filter((k) => k.startsWith('finding.') && k.endsWith('.title')));
  for (const p of HERMES_PLATFORMS)
    for (const k of Object.keys(p.words.en)) if (k.startsWith('finding.') && k.endsWith('.title')) keys.add(k);
  return [...keys].map((k) => k.slice('finding.'.length, -'.title'.length));
}

const SERVICES: Record<string, Partial<Evidence>> = {
  systemd: { service: { manager: 'systemd', name: 'hermes-gateway.service', active: false, state: 'failed/failed' } },
  launchd: { service: { manager: 'launchd', name: 'ai.hermes.gateway', active: false } },
  command: { service: { manager: 'command', active: false, state: 'inactive (exit 1)' } as ServiceEvidence },
  none: { service: { manager: 'none' } },
};

/** A finding of `id` for a served profile's Discord, every other parameter a plain value, built as a detector builds it. */
function findingOf(id: string, ev: Evidence): Finding {
  const params: Record<string, string> = {};
  const texts = ['title', 'explanation', 'action'].map((p) => {
    const k = `finding.${id}.${p}`;
    return (
      (en as Record<string, string>)[k] ??
      HERMES_PLATFORMS.map((x) => (x.words.en as Record<string, string>)[k]).find(Boolean) ??
      ''
    );
  });
  for (const t of texts) for (const m of t.matchAll(/\{(\w+)[}|]/g)) params[m[1]!] = '5';
  for (const k of ['platform', 'target', 'restart_how', 'restart', 'start', 'journal', 'supervisor', 'restart_cmd'])
    delete params[k];
  return finding(ev, SETTINGS, {
    check: id.split('.')[0]!,
    text: id as FindingSpec['text'],
    severity: 'critical',
    restart: 'helps',
    platform: 'ops:discord',
    params,
    evidence: [],
  });
}

/** Every incident event kind of one finding: open, remind, resolve, flap, settle. */
function incidentEvents(f: Finding): IncidentEvent[] {
  const out: IncidentEvent[] = [];
  let s = {};
  for (const [min, fs] of [
    [0, [f]],
    [31, [f]],
    [32, []],
    [33, [f]],
    [34, []],
    [35, [f]],
    [36, []],
    [80, []],
  ] as const) {
    const r = step(s, f.target, [...fs], min * MIN, { remindEveryMs: 30 * MIN, flap }, false);
    s = r.state;
    out.push(...r.events);
  }
  return out;
}

const alertTexts = (a: Alert) => readable(a.reply);

describe('no config key, platform key or internal id on a phone', () => {
  it('the helper finds each kind, and lets quotations, commands, files and names through', () => {
    expect(
      internalNames('qqbot is disconnected for 34s; ops:discord is fatal; the configured `service.restart` command'),
    ).toEqual(['config key service.restart', 'platform key qqbot', 'platform key ops:discord']);
    expect(internalNames('not served here (multiplex_shared_ingress) → /fix demo 1 #da4d2625')).toEqual([
      'id multiplex_shared_ingress',
      'id #da4d2625',
    ]);
    expect(
      internalNames(
        'QQ is down; Discord in profile ops; "WebSocket unhealthy (ack_stale, 1/2)"; gateway_state.json; `hermes -p ops gateway restart`; /restart demo; HERMES_HOME; a signal',
      ),
    ).toEqual([]);
  });

  for (const locale of LOCALES) {
    it(`every finding, under each service manager, as every alert kind (${locale})`, () => {
      const found: string[] = [];
      for (const [manager, over] of Object.entries(SERVICES)) {
        const ev = buildEvidence({ alive: false, overrides: { target: 'demo', ...over } });
        for (const id of findingKeys()) {
          const f = findingOf(id, ev);
          const events = incidentEvents(f);
          for (const e of events)
            found.push(
              ...leaks(`${id} ${manager} ${e.kind}`, alertTexts(incidentAlert(e, locale, 100 * MIN, flap.withinMs))),
            );
          found.push(
            ...leaks(
              `${id} escalation`,
              alertTexts(escalationAlert(events[0]!.incident, 10 * MIN, ['pager'], locale, MIN)),
            ),
          );
          found.push(
            ...leaks(
              `${id} unmute`,
              alertTexts(muteEndAlert([events[0]!.incident], { held: 1, recovered: [] }, locale, MIN)),
            ),
          );
        }
      }
      // One line per text, whichever alert kind and service manager showed it.
      const said = [
        ...new Set(found.map((x) => x.replace(/ (?:systemd|launchd|command|none) \w+:| (?:escalation|unmute):/, ':'))),
      ];
      expect(said).toEqual([]);
    });

    it(`a restart's result: verified, not verified, held upstream (${locale})`, () => {
      const rec = (outcome: RestartRecord['outcome'], ok: boolean): RestartRecord => ({
        target: 'demo',
        at: 0,
        actor: 'gatewatch',
        reason: 'platform_down',
        checks: ['platform_down'],
        ok,
        durationMs: 1000,
        outcome,
      });
      const records = [
        rec({ kind: 'verified', pid: 42, platforms: ['feishu', 'qqbot', 'ops:discord'] }, true),
        rec(
          {
            kind: 'unverified',
            withinS: 30,
            missing: ['qqbot retrying', 'ops:discord absent', 'gateway_state=starting', 'new pid'],
          },
          false,
        ),
        rec({ kind: 'upstream', pid: 42, platforms: ['qqbot', 'coder:telegram'] }, true),
      ];
      const found = records.flatMap((r) =>
        (['ok', 'fail'] as const).flatMap((phase) =>
          leaks(`${r.outcome!.kind} ${phase}`, alertTexts(restartAlert(r, phase, locale, MIN))),
        ),
      );
      expect(found).toEqual([]);
      // /history words the audit record's English detail the same way.
      const history = describeRecord(
        {
          ts: '2026-01-01T00:00:00Z',
          type: 'restart.fail',
          target: 'demo',
          actor: 'gatewatch',
          detail: {
            reason: 'platform_down',
            duration_ms: 30_000,
            detail: 'not verified within 30s: missing qqbot retrying',
          },
        } as never,
        locale,
        30 * MIN,
      );
      expect(leaks('history', [history])).toEqual([]);
      // The console's operator is named as a person names them, never by the audit's `local`.
      const byConsole = restartAlert({ ...records[0]!, actor: 'local' }, 'begin', locale, MIN).reply;
      expect(byConsole.fields?.find((f) => f.label === t(locale, 'field.actor'))?.value).toBe(t(locale, 'actor.local'));
      const said = restartAlert(records[1]!, 'fail', locale, MIN).reply;
      expect(readable(said).join('\n')).toContain(locale === 'en' ? 'QQ is retrying' : 'QQ重试中');
    });

    it(`/status's platform rows: a served profile's, one parked on purpose (${locale})`, () => {
      const now = Date.parse('2026-11-26T10:00:00Z');
      const ev = buildEvidence({
        now: 1000,
        state: {
          pid: 48213,
          gateway_state: 'running',
          platforms: {
            qqbot: { state: 'connected', updated_at: iso('2026-11-26 09:00:00') },
            'coder:telegram': { state: 'connected', updated_at: iso('2026-11-26 09:00:00') },
            'coder:whatsapp': {
              state: 'disabled',
              error_code: 'multiplex_shared_ingress',
              updated_at: iso('2026-11-26 09:00:00'),
            },
          },
        },
      });
      const rows = platformRows(
        { target: 'demo', evidence: ev, findings: [] },
        { locale, now, trusted: true, graceMs: MIN },
      );
      expect(rows.fields.flatMap((f) => leaks('status', [f.label, f.value]))).toEqual([]);
      expect(rows.fields.map((f) => f.label)).toEqual(
        locale === 'en'
          ? ['QQ', 'Telegram in profile coder', 'WhatsApp in profile coder']
          : ['QQ', 'profile coder 中的 Telegram', 'profile coder 中的 WhatsApp'],
      );
    });

    it(`the codes the detectors quote from Hermes, said in words (${locale})`, () => {
      const strike = '[Discord] Discord Gateway WebSocket unhealthy (ack_stale, 1/2)';
      const ev = buildEvidence({
        text: [
          '2026-11-26 09:00:00,000 INFO gateway.run: Starting Hermes Gateway...',
          '2026-11-26 09:00:01,000 INFO gateway.run: ✓ discord connected',
          '2026-11-26 09:00:01,000 INFO gateway.run: Gateway running with 2 platform(s)',
          `2026-11-26 09:10:00,000 WARNING hermes_plugins.discord_platform.adapter: ${strike}`,
        ].join('\n'),
        now: 5 * MIN,
        state: {
          pid: 48213,
          gateway_state: 'running',
          platforms: {
            discord: { state: 'connected', updated_at: iso('2026-11-26 09:00:01') },
            whatsapp: { state: 'fatal', error_code: 'whatsapp_not_paired', updated_at: iso('2026-11-26 09:00:01') },
          },
        },
      });
      const found = runDetectors(ev, { ...SETTINGS, locale });
      expect(found.map((f) => f.check).sort()).toEqual(
        expect.arrayContaining(['platform_auth_failed', 'platform_deaf']),
      );
      const texts = found.flatMap((f) => Object.values(wordFinding(locale, f)));
      expect(texts.flatMap((t) => leaks('finding', [t]))).toEqual([]);
    });
  }

  // Texts said where the config is at hand: the CLI and its config errors, init, validate and doctor (with the routes
  // and the HTTP endpoint), a refused secret's fix (where the config holds it: the banner and doctor), how to tell
  // "us or them" apart (the long form of `check`, `doctor` and /status); evidence facts quote a file's own fields.
  const CONFIG_AT_HAND =
    /^(?:cli|init|config|validate|routes|http|doctor|install|uninstall|control|evidence)\.|^scope\.how\.|^channel\.fix\./;

  it('every other text, of the catalogues, the platforms and the channel plugins, in both locales', async () => {
    const found = (await everyText())
      .filter((x) => !CONFIG_AT_HAND.test(x.key))
      .flatMap((x) => leaks(`${x.owner} ${x.locale} ${x.key}`, [x.text.replace(/\{[^{}]*\}/g, '5')]));
    expect(found).toEqual([]);
  });

  it('a button where there are no buttons: the command as typed, without the id that guards a press', () => {
    const reply: Reply = {
      title: 'Fixes for demo',
      buttons: [commandButton('Run fix 1', { command: 'fix', target: 'demo', n: 1, remedy: 'da4d2625' })],
    };
    expect(reply.buttons![0]!.command).toBe('/fix demo 1 #da4d2625'); // what a real button sends back
    expect(renderText(reply)).toContain('→ /fix demo 1');
    expect(renderText(reply)).not.toContain('#da4d2625');
    expect(renderQQ(reply, 'en')).not.toContain('#da4d2625');
  });
});
