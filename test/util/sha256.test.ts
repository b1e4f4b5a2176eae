import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/util/sha256.js';

describe('sha256Hex', () => {
  it('agrees with node:crypto on every padding boundary and on UTF-8 text', () => {
    const texts = [
      '',
      'abc',
      '/srv/hermes',
      '/home/用户/.hermes/profiles/测试',
      ...[55, 56, 63, 64, 65, 119, 120, 1000].map((n) => 'a'.repeat(n)),
    ];
    for (const t of texts) expect(sha256Hex(t), `${t.length} chars`).toBe(createHash('sha256').update(t).digest('hex'));
  });

  it('gives the published digest of "abc"', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
