// supervisord's configuration read as supervisord reads it: Python's RawConfigParser with `;` and `#` comments, whole
// lines and inline ones after a blank (Debian's own file ends its values with them), `key = value` or `key: value`,
// keys in any case, values continued on indented lines, a section written twice read as one; `%(here)s` and
// `%(ENV_X)s` expanded; an `environment=` value's `KEY="v",KEY2=v2` pairs.

/** Sections by name, each its keys (lower case) and values. */
export type Ini = Map<string, Map<string, string>>;

const COMMENT_LINE = /^\s*[;#]/;
const INLINE_COMMENT = /\s[;#].*$/;
const HEADER = /^\[([^\]]+)\]/;
const OPTION = /^(.*?)\s*[=:]\s*(.*)$/;

export function parseIni(text: string): Ini {
  const out: Ini = new Map();
  let section: Map<string, string> | undefined;
  let last: { key: string; indent: number } | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (COMMENT_LINE.test(raw) || !raw.trim()) {
      if (!raw.trim()) last = undefined;
      continue;
    }
    const line = raw.replace(INLINE_COMMENT, '');
    const indent = raw.length - raw.trimStart().length;
    if (section && last && indent > last.indent) {
      section.set(last.key, `${section.get(last.key)}\n${line.trim()}`.trim());
      continue;
    }
    const header = HEADER.exec(line.trim());
    if (header) {
      const name = header[1]!.trim();
      section = out.get(name) ?? new Map();
      out.set(name, section);
      last = undefined;
      continue;
    }
    const m = OPTION.exec(line.trim());
    if (!section || !m || !m[1]) continue;
    const key = m[1].toLowerCase();
    section.set(key, m[2]!.trim());
    last = { key, indent };
  }
  return out;
}

/** `%(here)s` (the file's folder) and `%(ENV_X)s` (supervisord's own environment), as supervisord expands them. */
export function expand(value: string, here: string, env: NodeJS.ProcessEnv = {}): string {
  return value.replace(/%\((\w+)\)s/g, (all, name: string) =>
    name === 'here' ? here : name.startsWith('ENV_') ? (env[name.slice(4)] ?? all) : all,
  );
}

/** `KEY="a,b",KEY2=c`: supervisord's key/value pairs (quotes keep commas; a key in any case kept as written). */
export function keyValuePairs(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value.matchAll(/\s*([^=,\s]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^,]*))\s*(?:,|$)/g))
    out[m[1]!] = (m[2] ?? m[3] ?? m[4] ?? '').trim();
  return out;
}
