// What a reader reads besides the program's own words: the READMEs and every page under docs/, in both locales (the
// English pages in docs/, the Chinese ones in docs/zh-CN/ under the same names). The docs' tests read them through
// these helpers: where a table now lives, each page's headings as GitHub anchors them, and each page's links.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TEST_DIR } from './paths.js';

export const ROOT = path.join(TEST_DIR, '..');

/** A file of the repository, by its path from the top. */
export const readDoc = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** Every page a person reads: both READMEs, then docs/*.md and docs/zh-CN/*.md, as paths from the top. */
export function docFiles(): string[] {
  const pages = (dir: string) =>
    readdirSync(path.join(ROOT, dir))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `${dir}/${f}`);
  return ['README.md', 'README.zh-CN.md', ...pages('docs'), ...pages('docs/zh-CN')];
}

/** The page of `name` (`cli.md`) in a locale: docs/cli.md, docs/zh-CN/cli.md. */
export const pageOf = (name: string, locale: 'en' | 'zh-CN') =>
  locale === 'en' ? `docs/${name}` : `docs/zh-CN/${name}`;

/** The reference page that holds `name` for a locale's reader: the Chinese page where there is one, else the English. */
export const pageFor = (name: string, locale: 'en' | 'zh-CN') =>
  existsSync(path.join(ROOT, pageOf(name, locale))) ? pageOf(name, locale) : pageOf(name, 'en');

/** The text without fenced code blocks (their lines blanked, so line numbers hold) and without inline code spans. */
export function prose(text: string): string {
  let inCode = false;
  return text
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inCode = !inCode;
        return '';
      }
      return inCode ? '' : line.replace(/(`+)[^`]*?\1/g, '');
    })
    .join('\n');
}

/** Each heading of a page: its level and its text (outside code blocks). */
export function headings(text: string): { level: number; text: string }[] {
  let inCode = false;
  const out: { level: number; text: string }[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inCode = !inCode;
    const m = inCode ? null : /^(#{1,6}) (.*)$/.exec(line);
    if (m) out.push({ level: m[1]!.length, text: m[2]!.trim() });
  }
  return out;
}

/** A heading's anchor as GitHub makes it: the text without markup, lowercased, punctuation gone, spaces as `-`. */
export function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a page: its headings' slugs, a repeated one numbered as GitHub numbers it (`-1`, `-2`). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const h of headings(text)) {
    const s = slug(h.text);
    const n = seen.get(s) ?? 0;
    out.add(n === 0 ? s : `${s}-${n}`);
    seen.set(s, n + 1);
  }
  return out;
}

/** Every link of a page that stays in the repository (no scheme, no mail), with the line it is on. */
export function localLinks(text: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  for (const [i, line] of prose(text).split('\n').entries()) {
    const found = [...line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...line.matchAll(/<img [^>]*src="([^"]+)"/g)];
    for (const m of found) if (!/^[a-z][a-z0-9+.-]*:/i.test(m[1]!)) out.push({ target: m[1]!, line: i + 1 });
  }
  return out;
}

/** The rows of the first table after the line `heading`, each row its cells (the markdown's `\|` read as `|`). */
export function tableAfter(text: string, heading: string): string[][] {
  const page = `\n${text}`;
  const from = page.indexOf(`\n${heading}\n`);
  if (from < 0) throw new Error(`no "${heading}"`);
  const lines = page.slice(from).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replaceAll('\\|', '|')),
    );
  }
  return rows;
}
