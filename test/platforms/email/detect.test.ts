// Email over IMAP (hermes-gateway-current.md §10.1): fetch errors the adapter swallows (#80016), blank EMAIL_* settings
// that switch it on with no server to reach (#40715), and Gmail's occasional read timeouts that are no outage
// (#92358). Fixtures in test/fixtures/hermes-current/ from the reference's own lines; the whole detector table runs.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/types.js';
import { runDetectors } from '../../../src/detectors/index.js';
import { wordEvidence, wordFinding } from '../../../src/i18n.js';
import { buildEvidence, fixtureText, iso, SETTINGS, stateFile } from '../../helpers/evidence.js';
import { findingId } from '../../helpers/platform-cases.js';

const V = { version: '0.20.6', source: 'state_file', generation: 'current', restampsUpdatedAt: false } as const;

function found(
  log: string,
  now: string,
  platforms: Record<string, string | { state: string; error_message?: string }>,
  blankEnv?: string[],
): Finding[] {
  const ev = buildEvidence({
    text: fixtureText(`hermes-current/${log}`),
    state: stateFile('running', platforms as never, { platformsUpdatedAt: iso('2026-09-21 09:00:03') }),
    now,
    overrides: {
      hermes: {
        version: V,
        serving: { role: 'root', profile: 'default' },
        ...(blankEnv ? { blankEnv, envFile: '/home/ops/.hermes/.env' } : {}),
      },
    },
  });
  return runDetectors(ev, SETTINGS);
}

const words = (f: Finding) =>
  (['en', 'zh-CN'] as const).flatMap((l) => {
    const w = wordFinding(l, f);
    return [w.title, w.explanation, w.action, ...wordEvidence(l, f)];
  });

describe('Email (§10.1)', () => {
  it('#80016: a fetch error on every poll for minutes, no mail since: connected and deaf, a restart clears it', () => {
    const f = found('email-imap-fetch-loop.log', '2026-09-21 09:49:30', { email: 'connected' });
    expect(f.map(findingId)).toEqual(['platform_deaf.email:email']);
    expect(f[0]!.restart).toBe('helps');
    expect(f[0]!.explanation).toContain('"[Email] IMAP fetch error: The read operation timed out" 9 times');
    expect(f[0]!.evidence[0]).toContain('[Email] IMAP fetch error: The read operation timed out');
    for (const s of words(f[0]!)) expect(s).not.toMatch(/\{\w+(\|[^}]*)?\}/);
  });

  it('the same loop is over once its lines stop for 5 min (a fetch that works logs nothing)', () => {
    expect(found('email-imap-fetch-loop.log', '2026-09-21 09:55:00', { email: 'connected' })).toEqual([]);
  });

  it('look-alike, #92358: Gmail\'s occasional "The read operation timed out" among polls that work is a trend, not an outage', () => {
    for (const now of ['2026-09-21 10:10:30', '2026-09-21 13:00:00', '2026-09-21 14:30:00'])
      expect(found('email-gmail-timeouts.log', now, { email: 'connected' }), now).toEqual([]);
  });

  it('#40715: blank EMAIL_* settings in .env and the DNS failure every ~30 s: a config error, never restarted', () => {
    const f = found(
      'email-blank-settings.log',
      '2026-09-21 09:04:00',
      { telegram: 'connected', email: { state: 'retrying', error_message: 'failed to connect' } },
      ['EMAIL_ADDRESS', 'EMAIL_IMAP_HOST', 'TELEGRAM_HOME_CHANNEL'],
    );
    expect(f.map(findingId)).toEqual(['config_fatal.email_blank:email']);
    expect(f[0]!.restart).toBe('never');
    expect(f[0]!.severity).toBe('critical');
    expect(f[0]!.explanation).toContain('/home/ops/.hermes/.env assigns EMAIL_ADDRESS, EMAIL_IMAP_HOST an empty value');
    expect(f[0]!.action).toContain('Remove the blank EMAIL_* lines from /home/ops/.hermes/.env');
    expect(wordFinding('zh-CN', f[0]!).action).toContain('删除空的 EMAIL_* 行');
    expect(f[0]!.evidence).toContain('/home/ops/.hermes/.env: EMAIL_ADDRESS, EMAIL_IMAP_HOST set to an empty value');
    for (const s of words(f[0]!)) expect(s).not.toMatch(/\{\w+(\|[^}]*)?\}/);
  });

  it("#40715 in the resolver's other words (macOS, Windows): the same config error", () => {
    for (const words of [
      '[Errno 8] nodename nor servname provided, or not known',
      '[Errno 11001] getaddrinfo failed',
    ]) {
      const ev = buildEvidence({
        text: fixtureText('hermes-current/email-blank-settings.log').replaceAll(
          '[Errno -2] Name or service not known',
          words,
        ),
        state: stateFile(
          'running',
          { telegram: 'connected', email: { state: 'retrying', error_message: 'failed to connect' } } as never,
          { platformsUpdatedAt: iso('2026-09-21 09:00:03') },
        ),
        now: '2026-09-21 09:04:00',
        overrides: {
          hermes: {
            version: V,
            serving: { role: 'root', profile: 'default' },
            blankEnv: ['EMAIL_ADDRESS'],
            envFile: '/home/ops/.hermes/.env',
          },
        },
      });
      expect(runDetectors(ev, SETTINGS).map(findingId), words).toEqual(['config_fatal.email_blank:email']);
    }
  });

  it('look-alike: the same DNS failure with every EMAIL_* setting filled in is not the config (the network, judged as an outage)', () => {
    const f = found('email-blank-settings.log', '2026-09-21 09:04:00', {
      telegram: 'connected',
      email: { state: 'retrying', error_message: 'failed to connect' },
    });
    expect(f.map((x) => x.check)).not.toContain('config_fatal');
    expect(f.every((x) => x.restart !== 'never' || x.platform !== 'email')).toBe(true);
  });
});
