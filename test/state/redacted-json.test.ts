// A store's entries as its file has them: the redactor's output, made once per entry.
import { afterEach, describe, expect, it } from 'vitest';
import { createRedactedJson } from '../../src/state/redacted-json.js';
import { forgetRegistered, redactDeep, registerSecrets } from '../../src/util/redact.js';

afterEach(() => forgetRegistered());

describe('createRedactedJson', () => {
  it('gives what JSON.stringify(redactDeep(…)) gives, for records and for strings', () => {
    registerSecrets(['hunter2-very-secret']);
    const r = createRedactedJson();
    const card = { messageId: 'om_1', reply: { title: 'log', lines: ['token=abcDEF123456789xyzQ', 'pass hunter2-very-secret'] }, client_secret: 'plain' };
    expect(r.of(card)).toBe(JSON.stringify(redactDeep(card)));
    expect(r.of(card)).not.toContain('hunter2-very-secret');
    expect(r.of(card)).not.toContain('abcDEF123456789xyzQ');
    expect(JSON.parse(r.of(card)).client_secret).toBe('***');
    expect(r.of('Bearer abcDEF123456789xyzQ')).toBe(JSON.stringify(redactDeep('Bearer abcDEF123456789xyzQ')));
    expect(r.of('5e3702a84e847582be8db7fb73283c02')).toBe('"5e3702a84e847582be8db7fb73283c02"');
  });

  it('still answers for a string it forgot', () => {
    const r = createRedactedJson();
    const ids = Array.from({ length: 300 }, (_, i) => `ev_${i}`);
    for (const id of ids) r.of(id);
    r.keepOnly(ids.slice(-10));
    expect(r.of('ev_0')).toBe('"ev_0"');
    expect(r.of('ev_299')).toBe('"ev_299"');
  });
});
