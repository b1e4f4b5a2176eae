// Where a key or an alias is in a YAML document: the offset a config error names its line by.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { MiB, readCappedSync } from '../util/read-capped.js';

/** A config is a few KB. The cap keeps `--config /dev/zero` or a runaway file from eating memory. */
export const MAX_CONFIG_BYTES = MiB;

/** The line of a key in a config file (of its parent when the key was left to its default). */
export function lineOfKey(file: string, keyPath: (string | number)[]): number | undefined {
  try {
    const lines = new LineCounter();
    const doc = parseDocument(readCappedSync(file, MAX_CONFIG_BYTES), { lineCounter: lines });
    const at = nodeRange(doc, keyPath);
    return at === undefined ? undefined : lines.linePos(at).line;
  } catch {
    return undefined;
  }
}

export function formatPath(p: (string | number)[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

export function nodeRange(doc: Document, keyPath: (string | number)[]): number | undefined {
  // Walk down as far as the path exists: a missing key is reported at its parent.
  for (let n = keyPath.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(keyPath.slice(0, n), true)) as Node | undefined;
    if (node && (node as Node).range)
      return n === keyPath.length ? node.range![0] : (keyRange(doc, keyPath.slice(0, n + 1)) ?? node.range![0]);
  }
  return undefined;
}

export function keyRange(doc: Document, keyPath: (string | number)[]): number | undefined {
  const parent = keyPath.length > 1 ? doc.getIn(keyPath.slice(0, -1), true) : doc.contents;
  const last = keyPath[keyPath.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === String(last));
    if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last] as Node | undefined;
    if (item?.range) return item.range[0];
  }
  return (parent as Node | undefined)?.range?.[0];
}

/** The first alias that does not resolve (or, for a bomb, the first alias at all), with where it is. */
export function firstBadAlias(doc: Document): { offset?: number; source: string; unresolved: boolean } | undefined {
  let first: { offset?: number; source: string; unresolved: boolean } | undefined;
  let bad: typeof first;
  visit(doc, {
    Alias(_k, node) {
      const here = { offset: node.range?.[0], source: node.source, unresolved: false };
      first ??= here;
      if (node.resolve(doc) === undefined) {
        bad = { ...here, unresolved: true };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return bad ?? first;
}
