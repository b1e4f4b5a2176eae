// A config.yaml Hermes could not parse and silently replaced (hermes-gateway-current.md §10.2, #89157): it warns once,
// falls back to .env and gateway.json, and starts normally without whatever only the YAML said, its platforms
// included (`Gateway running with N platform(s)`, N smaller than configured). The warning names the file and the
// YAML error with its line and column; a restart loads the same file, so the fix is the file.
import type { Detector } from '../evidence.js';
import { currentRun, finding, isRunner, processAlive, STARTUP_END } from './common.js';
import { fallbackWarning, IGNORED } from './config-fallback.js';

/** PyYAML's marks in its error: `in "<file>", line L, column C`; the last is where it failed. */
const MARK = /line (\d+), column (\d+)/g;

const configIgnored: Detector = {
  check: 'config_ignored',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const run = currentRun(ev).records;
    const warning = fallbackWarning(ev);
    if (!warning) return [];
    const [, file, first] = IGNORED.exec(warning.message)!;
    const error = [first!, ...(warning.extra ?? [])];
    const marks = [...error.join('\n').matchAll(MARK)];
    const mark = marks.at(-1);
    const end = run.find((r) => isRunner(r) && STARTUP_END.test(r.message));
    const count = end ? Number(/^Gateway running with (\d+)/.exec(end.message)?.[1] ?? 0) : undefined;
    const connected = new Set(
      run.flatMap((r) => (isRunner(r) ? (/^✓ (\w+) connected/.exec(r.message)?.[1] ?? []) : [])),
    );
    const missing = ev.expectedPlatforms.filter((p) => !connected.has(p));
    const short = count !== undefined && count < ev.expectedPlatforms.length;
    return [
      finding(ev, s, {
        check: 'config_ignored',
        text: mark ? 'config_ignored' : 'config_ignored.unmarked',
        // Not critical: a restart cannot fix it, and it must not hold the restarts other causes of this gateway need.
        severity: 'warning',
        restart: 'never',
        params: {
          file: file!,
          line: mark?.[1] ?? '?',
          column: mark?.[2] ?? '?',
          error: error.map((l) => l.trim()).join(' '),
          missing: short
            ? {
                key: 'finding.config_ignored.missing',
                params: {
                  count: String(count),
                  expected: String(ev.expectedPlatforms.length),
                  platforms: missing.join(', ') || '?',
                },
              }
            : '',
        },
        since: warning.ts,
        evidence: [warning.line, ...(warning.extra ?? []).slice(0, 6).map((l) => l.trim()), ...(end ? [end.line] : [])],
      }),
    ];
  },
};

export const configIgnoredDetectors: Detector[] = [configIgnored];
