// The redactor's memo for files saved again and again: the same answers as redact, each string redacted once.
import { afterEach, describe, expect, it } from 'vitest';
import { forgetRegistered, redactDeep, redactionMemo, registerSecrets } from '../../src/util/redact.js';

afterEach(() => forgetRegistered());

describe('redactionMemo', () => {
  it('gives what redactDeep gives, save after save', () => {
    registerSecrets(['hunter2-very-secret']);
    const memo = redactionMemo();
    const card = {
      messageId: 'om_1',
      reply: { title: 'log', lines: ['token=abcDEF123456789xyzQ', 'pass hunter2-very-secret'] },
      client_secret: 'plain',
    };
    const ids = ['5e3702a84e847582be8db7fb73283c02', 'Bearer abcDEF123456789xyzQ'];
    for (let save = 0; save < 3; save++) {
      const json = JSON.stringify(redactDeep({ card, ids }, memo.text));
      memo.sweep();
      expect(json).toBe(JSON.stringify(redactDeep({ card, ids })));
      expect(json).not.toContain('hunter2-very-secret');
      expect(json).not.toContain('abcDEF123456789xyzQ');
      expect(JSON.parse(json).card.client_secret).toBe('***');
      expect(JSON.parse(json).ids[0]).toBe('5e3702a84e847582be8db7fb73283c02');
    }
  });

  it('answers anew once the redactor masks more (a secret registered after the first save)', () => {
    const memo = redactionMemo();
    expect(memo.text('reply from sk_later_registered_value')).toBe('reply from sk_later_registered_value');
    memo.sweep();
    registerSecrets(['sk_later_registered_value']);
    expect(memo.text('reply from sk_later_registered_value')).toBe('reply from ***');
  });
});
