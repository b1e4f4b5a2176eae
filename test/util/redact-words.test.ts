// The redactor's cheap tests in front of its case-blind patterns (src/util/redact-words.ts): each must say yes to every
// text its pattern matches, so that skipping the pattern where it says no never leaves a secret unmasked.
import { describe, expect, it } from 'vitest';
import {
  afterPieces,
  alternation,
  endsWithWord,
  FLAG_WORDS,
  HEADER_WORDS,
  pieces,
  SECRET_WORDS,
  SHORT_WORDS,
} from '../../src/util/redact-words.js';

const WORDS = [...SECRET_WORDS, ...SHORT_WORDS, ...HEADER_WORDS, 'key', 'corp_secret', 'webhook'];

/** Every way alternation lets `w` be written: each `_` as `_`, `-` or nothing, in lower, upper and mixed case. */
function spellingsOf(w: string): string[] {
  const joins = w
    .split('_')
    .reduce<string[]>(
      (acc, part, i) => (i === 0 ? [part] : acc.flatMap((a) => ['', '_', '-'].map((s) => `${a}${s}${part}`))),
      [],
    );
  return joins.flatMap((s) => [s, s.toUpperCase(), s.replace(/^./, (c) => c.toUpperCase()), s.replace(/e/g, 'E')]);
}

describe('pieces', () => {
  it("is each word's last piece in lower case, once", () => {
    expect(pieces(['api_key', 'ApiKey', 'session-key', 'token', '密钥'])).toEqual(['key', 'apikey', 'token', '密钥']);
  });
});

describe('afterPieces', () => {
  const pattern = new RegExp(`${alternation(WORDS)}[^\\S\\n]{0,3}[:=]`, 'i');
  const need = afterPieces(pattern, WORDS);
  const texts = [
    ...WORDS.flatMap(spellingsOf).flatMap((s) => [`${s}=x`, `my_${s}: x`, `"${s}" = 1`, `${s} is here`]),
    'Access token refreshed',
    'gateway run --replace',
    'python -m hermes_cli.main gateway run',
    // Non-ASCII letters that lower-case to ASCII ones: the pattern (case-blind, not unicode) takes none for a letter.
    '\u212Aey=1',
    'to\u212Aen: abc',
    'İpass=1',
    '',
  ];

  it('says what the pattern says, for every spelling of every word and for text that names none', () => {
    for (const t of texts) expect([t, need.test(t)]).toEqual([t, pattern.test(t)]);
  });

  it('never runs the pattern on text that holds no piece', () => {
    let ran = 0;
    const counted = afterPieces(
      {
        test: (t: string) => {
          ran++;
          return pattern.test(t);
        },
      } as RegExp,
      WORDS,
    );
    expect(counted.test('python -m hermes_cli.main gateway run')).toBe(false);
    expect(counted.test('state_dir: /var/lib/gatewatch')).toBe(false);
    expect(ran).toBe(0);
    expect(counted.test('QQ_CLIENT_SECRET=abc')).toBe(true);
    expect(ran).toBe(1);
  });
});

describe('endsWithWord', () => {
  it('says what `(words)$` says of a lower-case key name, whatever joins its pieces', () => {
    const ends = new RegExp(`${alternation(FLAG_WORDS)}$`, 'i');
    const names = [
      ...FLAG_WORDS.flatMap(spellingsOf).flatMap((s) => [s, `app_${s}`, `x-${s}`, `${s}s`, `${s}_id`]),
      'bypass',
      'state_dir',
      'hermes_home',
      'ap_ikey',
      'monkey',
    ].map((n) => n.toLowerCase());
    for (const n of names) expect([n, endsWithWord(n, FLAG_WORDS)]).toEqual([n, ends.test(n)]);
  });
});
