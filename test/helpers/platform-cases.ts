// A Hermes platform's table test: gateway.log and agent.log lines quoted from the reference (as Hermes writes them,
// with a timestamp and a logger), the state file's entries, and what gatewatch must find, or not find, at a moment.
// Each case runs the whole detector table (runDetectors), so a look-alike that another check would flag fails too.
import { describe, expect, it } from 'vitest';
import type { Evidence, LogLevel, PlatformState } from '../../src/evidence.js';
import type { Finding, RestartAdvice } from '../../src/types.js';
import { runDetectors } from '../../src/detectors/index.js';
import { parseLogText } from '../../src/probes/log-parse.js';
import { platformName } from '../../src/i18n.js';
import { wordFinding, wordEvidence } from '../../src/i18n.js';
import { buildEvidence, iso, localTime, SETTINGS, stateFile } from './evidence.js';
import { withoutUnread } from './unread.js';

/** Seconds after the gateway's start, level, logger, message. */
export type Line = [number, LogLevel, string, string];

export interface PlatformCase {
  name: string;
  log?: Line[];
  agent?: Line[];
  /**
   * agent.log's lines over hours (Evidence.hermes.hours, src/probes/log-hours.ts), before the current run too (negative
   * seconds): what the slow rules read across restarts.
   */
  hours?: Line[];
  platforms: Record<string, string | Partial<PlatformState>>;
  /** Seconds after the start at which gatewatch looks. */
  at: number;
  /** `gateway-starts.log`, seconds after the start (the last start is the run's). */
  starts?: number[];
  /** `<finding id>:<platform>` (`platform_deaf.discord:discord`), or a bare check for one without a platform. */
  expect: string[];
  restart?: RestartAdvice;
  worse?: boolean;
  /** The Hermes version the home shows (default 0.21.3); null: no source said one. */
  version?: string | null;
  check?: (f: Finding) => void;
}

export const START = '2026-09-20 09:00:00';
const t0 = localTime(START);

/** The ISO time `sec` seconds after the start, as Hermes writes `updated_at`. */
export const isoAt = (sec: number): string => new Date(t0 + sec * 1000).toISOString();

function stamp(sec: number): string {
  const d = new Date(t0 + sec * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

export function logText(lines: Line[]): string {
  return lines.map(([s, level, logger, message]) => `${stamp(s)} ${level} ${logger}: ${message}`).join('\n');
}

export function findingId(f: Finding): string {
  const id = f.text?.key.replace(/^finding\./, '') ?? f.check;
  return f.platform ? `${id}:${f.platform}` : id;
}

/** `as`: the evidence as the detectors get it (withoutUnread: the lines the live watch passes over taken out). */
export function evaluate(c: PlatformCase, as: (ev: Evidence) => Evidence = (ev) => ev): Finding[] {
  // A start-up that finished: every platform of the state file connected at +2 s.
  const keys = Object.keys(c.platforms).filter((k) => !k.includes(':'));
  const startup: Line[] = [
    [0, 'INFO', 'gateway.run', 'Starting Hermes Gateway...'],
    ...keys.map((k): Line => [2, 'INFO', 'gateway.run', `✓ ${k} connected`]),
    [2, 'INFO', 'gateway.run', `Gateway running with ${keys.length} platform(s)`],
  ];
  const text = logText([...startup, ...(c.log ?? [])].sort((a, b) => a[0] - b[0]));
  const state = stateFile('running', c.platforms, { platformsUpdatedAt: iso('2026-09-20 09:00:05') });
  const ev = buildEvidence({
    text,
    state,
    now: stamp(c.at).slice(0, 19),
    overrides: {
      hermes: {
        version: {
          ...(c.version === null ? {} : { version: c.version ?? '0.21.3' }),
          source: c.version === null ? 'files' : 'state_file',
          generation: 'current',
          restampsUpdatedAt: false,
        },
        serving: { role: 'root', profile: 'default' },
        ...(c.agent ? { agentOnly: parseLogText(logText(c.agent)) } : {}),
        ...(c.hours ? { hours: parseLogText(logText([...c.hours].sort((a, b) => a[0] - b[0]))) } : {}),
        ...(c.starts ? { starts: c.starts.map((s) => t0 + s * 1000) } : {}),
      },
    },
  });
  return runDetectors(as(ev), SETTINGS);
}

/** The cases as tests: what is found, its restart advice, and its words in both locales (no placeholder left). */
/** A title names the platform: its label (`QQ`, `Feishu`), or its key as Hermes writes it (`qqbot`). */
export function namesPlatform(title: string, platform: string): boolean {
  const t = title.toLowerCase();
  const bare = platform.slice(platform.lastIndexOf(':') + 1);
  const label = platformName('en', bare).toLowerCase();
  const zh = platformName('zh-CN', bare);
  return (
    t.includes(label) ||
    t.includes(bare.toLowerCase()) ||
    (bare === 'feishu' && t.includes('lark')) ||
    t.includes(zh.toLowerCase())
  );
}

export function platformCases(title: string, cases: PlatformCase[]): void {
  describe(title, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const found = evaluate(c);
      expect(found.map(findingId).sort()).toEqual([...c.expect].sort());
      // The same without the records no detector reads: the live watch passes them over (src/probes/line-news.ts).
      expect(evaluate(c, withoutUnread).map(findingId).sort()).toEqual([...c.expect].sort());
      for (const f of found) {
        if (c.restart) expect(f.restart).toBe(c.restart);
        if (c.worse !== undefined) expect(!!f.worse).toBe(c.worse);
        for (const locale of ['en', 'zh-CN'] as const) {
          const w = wordFinding(locale, f);
          for (const s of [w.title, w.explanation, w.action, ...wordEvidence(locale, f)])
            expect(s).not.toMatch(/\{\w+(\|[^}]*)?\}/);
          // Every platform finding names its platform where a reader sees it first (issue 50 item 4).
          if (f.platform) expect(namesPlatform(w.title, f.platform), w.title).toBe(true);
        }
        c.check?.(f);
      }
    });
  });
}
