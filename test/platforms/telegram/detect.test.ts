// Telegram connected and still deaf (hermes-gateway-current.md §6, §9.3), from the reference's own lines.
import { expect } from 'vitest';
import { platformCases, type Line } from '../../helpers/platform-cases.js';
import { wordFinding } from '../../../src/i18n.js';

const A = 'hermes_plugins.telegram_platform.adapter';
const CONFIRMED = (s: number, g: number): Line => [
  s,
  'INFO',
  A,
  `[Telegram] Telegram polling confirmed healthy: getUpdates progressing (generation ${g})`,
];
const STALL: Line = [
  180,
  'ERROR',
  A,
  '[Telegram] Telegram polling stalled: no getUpdates progress for 171s (generation 1). Rebuilding the long-poll consumer …',
];
const DEGRADED = (s: number): Line => [
  s,
  'WARNING',
  A,
  '[Telegram] Telegram polling degraded (polling progress verifier: general path healthy but getUpdates stalled); gateway stays alive and will retry. Error: getUpdates made no progress before verifier deadline',
];
const PENDING = (s: number): Line => [
  s,
  'INFO',
  A,
  '[Telegram] Telegram polling restarted after conflict retry 1/5; health pending getUpdates progress',
];

platformCases('Telegram (§9.3)', [
  {
    name: '#113618 (v0.21.3): the stall, then "getUpdates stalled" on every ladder attempt: roll back or update, never restart',
    log: [STALL, DEGRADED(185), DEGRADED(195), DEGRADED(215), DEGRADED(255)],
    platforms: { telegram: 'connected' },
    at: 300,
    expect: ['platform_deaf.telegram_stall_regression:telegram'],
    restart: 'never',
    check: (f) => {
      expect(f.title).toContain('Hermes 0.21.3');
      expect(f.action).toContain(
        "you run Hermes 0.21.3, the release of Hermes #113618's polling stall: update to v0.21.4 or later",
      );
      expect(wordFinding('zh-CN', f).action).toContain('你运行的是 Hermes 0.21.3');
    },
  },
  {
    name: '#113618 on a build past v0.21.3 (`+N.g<sha>`): said as it runs, never as that release, since PR #114221 was merged after the tag (§0)',
    log: [STALL, DEGRADED(185), DEGRADED(195)],
    platforms: { telegram: 'connected' },
    at: 220,
    version: '0.21.3+12.g1a2b3c4',
    expect: ['platform_deaf.telegram_stall_regression:telegram'],
    restart: 'never',
    check: (f) => {
      expect(f.action).toContain('you run Hermes 0.21.3+12.g1a2b3c4, which may not be v0.21.3 itself');
      expect(f.action).not.toContain('the release of');
      expect(wordFinding('zh-CN', f).action).toContain('它未必就是 v0.21.3');
    },
  },
  {
    name: '#113618 on a version named by its date (v2026.9.24): not called v0.21.3',
    log: [STALL, DEGRADED(185), DEGRADED(195)],
    platforms: { telegram: 'connected' },
    at: 220,
    version: 'v2026.9.24',
    expect: ['platform_deaf.telegram_stall_regression:telegram'],
    check: (f) => expect(f.action).toContain('you run Hermes v2026.9.24, which may not be v0.21.3 itself'),
  },
  {
    name: '#113618 on a fork of v0.21.3 (`-cn.2`)',
    log: [STALL, DEGRADED(185), DEGRADED(195)],
    platforms: { telegram: 'connected' },
    at: 220,
    version: '0.21.3-cn.2',
    expect: ['platform_deaf.telegram_stall_regression:telegram'],
  },
  {
    name: '#113618 where no source says the version: said, with the way out for v0.21.3 and that the version is unknown',
    log: [STALL, DEGRADED(185), DEGRADED(195)],
    platforms: { telegram: 'connected' },
    at: 220,
    version: null,
    expect: ['platform_deaf.telegram_stall_regression:telegram'],
    restart: 'never',
    check: (f) => {
      expect(f.title).toContain('an unknown version');
      expect(f.action).toMatch(/version could not be read .*on v0\.21\.3/);
    },
  },
  {
    name: 'look-alike: the same verifier lines on v0.21.4 (PR #114221 is in it): the ladder, not the regression',
    log: [STALL, DEGRADED(185), DEGRADED(195)],
    platforms: { telegram: 'connected' },
    at: 220,
    version: 'v0.21.4',
    expect: [],
  },
  {
    name: 'look-alike: the same verifier lines on v0.22.1 (the regression is fixed there): Hermes\' own ladder, not "update or roll back"',
    log: [STALL, DEGRADED(185), DEGRADED(195)],
    platforms: { telegram: 'connected' },
    at: 220,
    version: '0.22.1',
    expect: [],
  },
  {
    name: 'look-alike: one verifier warning that clears ("confirmed healthy")',
    log: [CONFIRMED(10, 1), DEGRADED(185), CONFIRMED(200, 2)],
    platforms: { telegram: 'connected' },
    at: 400,
    expect: [],
  },
  {
    name: '#90504: a polling restart whose getUpdates never lands (this Hermes confirms health)',
    log: [CONFIRMED(10, 1), PENDING(600)],
    platforms: { telegram: 'connected' },
    at: 960,
    expect: ['platform_deaf.telegram_pending:telegram'],
    restart: 'helps',
  },
  {
    name: 'look-alike: the restart confirmed healthy a minute later',
    log: [CONFIRMED(10, 1), PENDING(600), CONFIRMED(660, 2)],
    platforms: { telegram: 'connected' },
    at: 960,
    expect: [],
  },
  {
    name: 'look-alike: an older Hermes that never logs "confirmed healthy"',
    log: [PENDING(600)],
    platforms: { telegram: 'connected' },
    at: 960,
    expect: [],
  },
  {
    name: '#102260: "ingress is healthy but deaf" three times with no recovery: a restart fixes it',
    log: [
      CONFIRMED(10, 1),
      ...[300, 390, 480].map(
        (s): Line => [
          s,
          'WARNING',
          A,
          '[Telegram] Telegram ingress is healthy but deaf: 4 update(s) fetched by getUpdates have not been dispatched to any handler across 3 heartbeats …',
        ],
      ),
    ],
    platforms: { telegram: 'connected' },
    at: 500,
    expect: ['platform_deaf.telegram:telegram'],
    restart: 'helps',
  },
]);
