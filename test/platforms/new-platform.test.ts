// The worked example of issue 81 item 3: a Hermes platform is its folder and its line in the registry. One made here,
// with a check of its own (its id, its words in both locales, its rank among one platform's causes), registered as
// src/platforms/index.ts registers every platform: the detector table runs its check, lists its id and words its
// finding in the reader's locale, with no line written anywhere else. This file
// runs in a process of its own (vitest.config.ts ISOLATED): the platform it registers stays registered.
import { describe, expect, it } from 'vitest';
import { checkIds, detectors, runDetectors } from '../../src/detectors/index.js';
import { finding } from '../../src/detectors/common.js';
import { wordFinding } from '../../src/i18n.js';
import { definePlatform, ownFinding } from '../../src/platforms/platform.js';
import { HERMES_PLATFORMS, registerHermesPlatforms } from '../../src/platforms/index.js';
import type { Detector } from '../../src/evidence.js';
import { buildEvidence, SETTINGS, stateFile } from '../helpers/evidence.js';

// Its folder: words.ts…
const en = {
  'finding.acme_jammed.title': 'Acme is jammed',
  'finding.acme_jammed.explanation': 'Acme logged "{line}": it reads nothing until it is unjammed.',
  'finding.acme_jammed.action': 'Unjam it on the Acme console.',
  'check.acme_jammed': 'Acme jammed',
} as const;
const zhCN: Record<keyof typeof en, string> = {
  'finding.acme_jammed.title': 'Acme 卡住了',
  'finding.acme_jammed.explanation': 'Acme 记录了“{line}”：解除前它什么也收不到。',
  'finding.acme_jammed.action': '在 Acme 控制台上解除卡住。',
  'check.acme_jammed': 'Acme 卡住',
};
// …its own check…
const JAMMED = /^\[Acme\] jammed\b/;
const jammed: Detector = {
  check: 'acme_jammed',
  detect: (ev, s) =>
    ev.log.run
      .filter((r) => JAMMED.test(r.message))
      .slice(-1)
      .map((r) =>
        finding(ev, s, {
          check: 'acme_jammed',
          text: ownFinding(en, 'acme_jammed'),
          severity: 'critical',
          restart: 'never',
          platform: 'acme',
          params: { line: r.message },
          evidence: [r.line],
        }),
      ),
};
// …and detect.ts.
const acme = definePlatform({
  platform: 'acme',
  words: { en, 'zh-CN': zhCN },
  checks: [{ ...jammed, before: 'platform_auth_failed' }],
});

describe('a new platform with a check of its own', () => {
  it('costs its folder and its registry line: run, listed, worded in both locales', () => {
    expect(checkIds).not.toContain('acme_jammed');
    const before = detectors.length;
    // Its line in src/platforms/index.ts.
    registerHermesPlatforms([acme]);
    expect(checkIds).toContain('acme_jammed');
    expect(detectors).toHaveLength(before + 1);
    expect(HERMES_PLATFORMS.length).toBeGreaterThan(10);

    const ev = buildEvidence({
      text: '2026-07-03 08:00:00,000 INFO gateway.run: Starting Hermes Gateway...\n2026-07-03 08:09:00,000 ERROR gateway.platforms.acme: [Acme] jammed at slot 3\n',
      state: stateFile('running', { acme: 'connected' }),
    });
    const found = runDetectors(ev, SETTINGS).filter((f) => f.platform === 'acme');
    expect(found.map((f) => f.check)).toEqual(['acme_jammed']);
    expect(wordFinding('en', found[0]!).title).toBe('Acme is jammed');
    expect(wordFinding('zh-CN', found[0]!).explanation).toBe(
      'Acme 记录了“[Acme] jammed at slot 3”：解除前它什么也收不到。',
    );
  });
});
