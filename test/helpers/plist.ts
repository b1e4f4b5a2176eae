// A strict reader for the XML property-list subset gatewatch writes (dict, array, key, string, integer, true, false):
// anything not well-formed, an unknown element or a bad entity throws. Enough to prove a rendered plist means what
// we meant, on machines without plutil.
export type Plist = string | number | boolean | Plist[] | { [k: string]: Plist };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function text(raw: string): string {
  if (/[<>]/.test(raw)) throw new Error(`raw markup in text: ${raw}`);
  return raw.replace(/&([a-z]+|#[0-9]+|#x[0-9a-f]+);|&/gi, (m, name: string | undefined) => {
    if (!name) throw new Error(`bare & in text: ${raw}`);
    if (name.startsWith('#'))
      return String.fromCodePoint(
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10),
      );
    const v = ENTITIES[name];
    if (v === undefined) throw new Error(`unknown entity ${m}`);
    return v;
  });
}

export function parsePlist(xml: string): Plist {
  let s = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/, '');
  if (s === xml) throw new Error('missing XML declaration');
  s = s.replace(
    /^<!DOCTYPE plist PUBLIC "-\/\/Apple\/\/DTD PLIST 1\.0\/\/EN" "http:\/\/www\.apple\.com\/DTDs\/PropertyList-1\.0\.dtd">\s*/,
    '',
  );
  s = s.replace(/<!--(?:(?!--)[\s\S])*-->/g, '');
  const m = /^\s*<plist version="1\.0">([\s\S]*)<\/plist>\s*$/.exec(s);
  if (!m) throw new Error('not a <plist version="1.0"> document');
  let pos = 0;
  const body = m[1]!;
  const ws = () => {
    while (pos < body.length && /\s/.test(body[pos]!)) pos++;
  };
  const tag = (): string => {
    ws();
    const t = /^<(\/?)([a-z]+)(\/?)>/.exec(body.slice(pos));
    if (!t) throw new Error(`expected a tag at ${body.slice(pos, pos + 30)}`);
    pos += t[0].length;
    return `${t[1]}${t[2]}${t[3]}`;
  };
  const until = (name: string): string => {
    const end = body.indexOf(`</${name}>`, pos);
    if (end < 0) throw new Error(`unclosed <${name}>`);
    const raw = body.slice(pos, end);
    pos = end + name.length + 3;
    return text(raw);
  };
  const value = (open = tag()): Plist => {
    switch (open) {
      case 'string':
        return until('string');
      case 'integer': {
        const n = until('integer');
        if (!/^-?[0-9]+$/.test(n)) throw new Error(`bad integer ${n}`);
        return Number(n);
      }
      case 'true/':
        return true;
      case 'false/':
        return false;
      case 'array': {
        const out: Plist[] = [];
        for (let t = tag(); t !== '/array'; t = tag()) out.push(value(t));
        return out;
      }
      case 'dict': {
        const out: Record<string, Plist> = {};
        for (let t = tag(); t !== '/dict'; t = tag()) {
          if (t !== 'key') throw new Error(`expected <key> in dict, got <${t}>`);
          const k = until('key');
          if (k in out) throw new Error(`duplicate key ${k}`);
          out[k] = value();
        }
        return out;
      }
      default:
        throw new Error(`unexpected <${open}>`);
    }
  };
  const root = value();
  ws();
  if (pos !== body.length) throw new Error(`trailing content: ${body.slice(pos, pos + 30)}`);
  return root;
}

/** A systemd unit as sections of key → values (a key may repeat). Lines must be comments, headers or key=value. */
export function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section: Record<string, string[]> | undefined;
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '' || /^[#;]/.test(line)) continue;
    const h = /^\[([A-Za-z]+)\]$/.exec(line);
    if (h) {
      section = out[h[1]!] = out[h[1]!] ?? {};
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv || !section) throw new Error(`line ${i + 1} is not a section header or Key=value: ${line}`);
    (section[kv[1]!] = section[kv[1]!] ?? []).push(kv[2]!);
  }
  return out;
}
