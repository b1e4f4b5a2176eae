// /status and /incident on a phone's width (issue 61 item 2): a long label ("Telegram in profile coder", "time to
// recover") pushed its value, and /status's strip, far to the right of the others. The label column is capped in one
// place (src/util/width.ts); a label wider than it takes a line of its own, its value under the others'. The real
// current-Hermes demo (a multiplexing root serving the profiles coder and ops) for /status, a kept incident of a
// served profile's platform for /incident, in both locales.
import { afterEach, describe, expect, it } from 'vitest';
import { renderText } from '../../src/delivery/render-text.js';
import { incidentReply } from '../../src/delivery/write-up.js';
import type { IncidentEntry } from '../../src/history/model.js';
import { displayWidth, LABEL_COLUMNS } from '../../src/util/width.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { EVALUATION_EVERY_MS, until, where } from '../helpers/until.js';

/** A phone held upright shows about this many columns of monospaced text (Telegram's code block, a terminal app). */
const PHONE = 44;
/** Where a field's value starts: the indent, the label column, two spaces. */
const VALUE_AT = 2 + LABEL_COLUMNS + 2;

/** Where each field's value starts, in columns: beside its label, or under it when the label has a line of its own. */
function fieldColumns(text: string, labels: string[]): number[] {
  const lines = text.split('\n');
  return labels.map((label) => {
    const i = lines.findIndex((l) => l.startsWith(`  ${label}`) && /^( |$)/.test(l.slice(2 + label.length)));
    expect(i, `${label} in\n${text}`).toBeGreaterThanOrEqual(0);
    const rest = lines[i]!.slice(2 + label.length);
    const line = rest.trim() ? lines[i]! : lines[i + 1]!;
    const value = rest.trim() ? rest.trimStart() : line.trimStart();
    return displayWidth(line.slice(0, line.length - value.length));
  });
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MIN = 60_000;
const entry: IncidentEntry = {
  id: 'x',
  check: 'platform_down',
  platform: 'coder:telegram',
  title: 'Telegram in profile coder is disconnected',
  severity: 'critical',
  firstAt: Date.UTC(2026, 10, 27, 6, 0, 0),
  alertAt: Date.UTC(2026, 10, 27, 6, 0, 40),
  recoveredAt: Date.UTC(2026, 10, 27, 6, 4, 10),
  n: 3,
  by: 'restart',
  actor: 'gatewatch',
  steps: [
    { what: 'restart', at: Date.UTC(2026, 10, 27, 6, 1, 0), ok: true, endedAt: Date.UTC(2026, 10, 27, 6, 1, 0) + MIN },
  ],
};

describe('columns at a phone’s width', () => {
  for (const locale of ['en', 'zh-CN'] as const)
    it(`/incident: every value in one column, within the label cap (${locale})`, () => {
      const r = incidentReply(locale, 'coder', entry);
      const text = renderText(r);
      const cols = fieldColumns(
        text,
        r.fields!.map((f) => f.label),
      );
      expect(new Set(cols), text).toEqual(new Set([Math.min(VALUE_AT, Math.max(...cols))]));
      expect(Math.max(...cols)).toBeLessThanOrEqual(VALUE_AT);
    });

  it('/status of a multiplexing root: values in one column, the strip within a phone’s width', {
    timeout: 120_000,
  }, async () => {
    h = await startHarness({ demo: true, demoHermes: 'current' });
    await until(
      'a healthy gateway serving its profiles',
      where(
        () => h!.app.core.evaluate('demo'),
        (r) =>
          r.findings.length === 0 &&
          r.evidence.process.alive &&
          Object.keys(r.evidence.state?.platforms ?? {}).some((k) => k.startsWith('coder:')),
      ),
      { timeoutMs: 60_000, everyMs: EVALUATION_EVERY_MS },
    );
    {
      const r = (await h.say('/status demo'))[0]!;
      const out = renderText(r);
      const labels = r.fields!.map((f) => f.label);
      expect(
        labels.some((l) => displayWidth(l) > LABEL_COLUMNS),
        out,
      ).toBe(true);
      const cols = fieldColumns(out, labels);
      expect(new Set(cols), out).toEqual(new Set([VALUE_AT]));
      const strip = out.split('\n').filter((l) => /\|[█▄▒· ]+\|$/.test(l));
      expect(strip.length, out).toBeGreaterThan(3);
      for (const row of strip) expect(displayWidth(row), row).toBeLessThanOrEqual(PHONE);
    }
  });
});
