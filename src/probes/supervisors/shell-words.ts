// A command line as sh splits it into words, for the files that write one (a runit `run`, supervisord's `command=`):
// read, never run.

/** A line's words as sh splits them: quotes, backslashes, `$VAR` and `${VAR}` from what the script set so far. */
export function shellWords(line: string, vars: Record<string, string> = {}): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  const expand = (s: string, i: number): [string, number] => {
    const m = /^\$(?:\{(\w+)\}|(\w+))/.exec(s.slice(i));
    if (!m) return ['$', i + 1];
    return [vars[m[1] ?? m[2]!] ?? '', i + m[0].length];
  };
  for (let i = 0; i < line.length; ) {
    const c = line[i]!;
    if (c === '#' && !inWord) break;
    if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word += line.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? line.length : end + 1;
    } else if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          word += line[i + 1];
          i += 2;
        } else if (line[i] === '$') {
          const [v, next] = expand(line, i);
          word += v;
          i = next;
        } else word += line[i++];
      }
      i++;
    } else if (c === '\\') {
      word += line[i + 1] ?? '';
      i += 2;
    } else if (c === '$') {
      const [v, next] = expand(line, i);
      word += v;
      i = next;
    } else if (c === ';' || c === '&' || c === '|') {
      if (inWord && word) out.push(word);
      out.push(c);
      word = '';
      inWord = false;
      i++;
    } else word += line[i++];
  }
  if (inWord) out.push(word);
  return out;
}
