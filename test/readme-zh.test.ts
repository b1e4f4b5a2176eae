// README.zh-CN and the Chinese docs (docs/zh-CN/) are read by a Chinese reader all the way into their code blocks
// (issue 61 item 2): a comment there is in Chinese, as the prose around it is. A comment that only lists ids
// (`auto | systemd | none`) has no words to translate.
import { describe, expect, it } from 'vitest';
import { docFiles, readDoc } from './helpers/docs.js';

const CJK = /[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]/;

/** Each comment of the file's code blocks, with the comment-only lines that carry it on. */
function codeComments(text: string): { line: number; comment: string }[] {
  const out: { line: number; comment: string }[] = [];
  let inCode = false;
  let last = -2;
  for (const [i, line] of text.split('\n').entries()) {
    if (/^\s*```/.test(line)) {
      inCode = !inCode;
      continue;
    }
    const m = inCode ? /(?:^|\s)#\s+(.*)$/.exec(line) : null;
    if (!m) continue;
    if (last === i - 1 && /^\s*#/.test(line)) out.at(-1)!.comment += ` ${m[1]}`;
    else out.push({ line: i + 1, comment: m[1]! });
    last = i;
  }
  return out;
}

describe('README.zh-CN and docs/zh-CN', () => {
  it('comment their code blocks in Chinese', () => {
    const files = docFiles().filter((f) => f === 'README.zh-CN.md' || f.startsWith('docs/zh-CN/'));
    const comments = files.flatMap((f) => codeComments(readDoc(f)).map((c) => ({ ...c, file: f })));
    expect(comments.length).toBeGreaterThan(10);
    const english = comments.filter(({ comment }) => !CJK.test(comment) && !/^[\w.-]+( \| [\w.-]+)+$/.test(comment));
    expect(english.map(({ file, line, comment }) => `${file}:${line}: ${comment}`)).toEqual([]);
  });
});
