// A system error code is said in words, the code beside them (issue 55 item 7): the English words are libuv's own, as
// Node gives them (util.getSystemErrorMap), never written from memory; a code the catalogue lacks is said as it is.
import { getSystemErrorMap } from 'node:util';
import { describe, expect, it } from 'vitest';
import { errnoParam, wordParam } from '../../src/i18n.js';
import { en } from '../../src/text/en.js';

const libuv = new Map([...getSystemErrorMap().values()].map(([name, message]) => [name, message]));

describe('errno in words', () => {
  const codes = Object.keys(en)
    .filter((k) => k.startsWith('errno.'))
    .map((k) => k.slice('errno.'.length));

  it("are libuv's words for each code, the code after them", () => {
    expect(codes).toContain('EACCES');
    for (const code of codes) expect(wordParam('en', errnoParam(code))).toBe(`${libuv.get(code)}, ${code}`);
  });

  it('in Chinese, the code kept; an unknown code as it is', () => {
    expect(wordParam('zh-CN', errnoParam('EACCES'))).toBe('没有权限，EACCES');
    for (const code of codes) expect(wordParam('zh-CN', errnoParam(code))).toMatch(new RegExp(`^[^A-Za-z]+，${code}$`));
    expect(wordParam('zh-CN', errnoParam('EWHATEVER'))).toBe('EWHATEVER');
  });
});
