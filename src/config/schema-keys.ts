// The keys a config schema allows at a place in the file, read off the schema itself (zod's own definitions), so an
// unknown key can be answered with the key it was likely meant to be: one list, whoever wrote the schema (ours or a
// channel plugin's).
import { distance } from 'fastest-levenshtein';
import type { $ZodType as ZodType } from 'zod/v4/core';

interface Def {
  type: string;
  shape?: Record<string, ZodType>;
  innerType?: ZodType;
  in?: ZodType;
  element?: ZodType;
  valueType?: ZodType;
  options?: ZodType[];
  getter?: () => ZodType;
}

const defOf = (s: ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schemas a value at `path` may be checked by (several where a union has several objects). */
function at(schema: ZodType, path: readonly (string | number)[], depth = 0): ZodType[] {
  if (depth > 64) return [];
  const d = defOf(schema);
  const inner = d.innerType ?? d.in ?? (d.type === 'lazy' ? d.getter?.() : undefined);
  if (inner) return at(inner, path, depth + 1);
  if (d.type === 'union') return (d.options ?? []).flatMap((o) => at(o, path, depth + 1));
  if (!path.length) return [schema];
  const [head, ...rest] = path;
  if (d.type === 'object' && typeof head === 'string' && d.shape?.[head]) return at(d.shape[head]!, rest, depth + 1);
  if (d.type === 'array' && d.element) return at(d.element, rest, depth + 1);
  if (d.type === 'record' && d.valueType) return at(d.valueType, rest, depth + 1);
  return [];
}

/** The keys the object at `path` may have; [] where the schema says nothing of it. */
export function keysAt(schema: ZodType, path: readonly (string | number)[]): string[] {
  return [...new Set(at(schema, path).flatMap((s) => Object.keys(defOf(s).type === 'object' ? defOf(s).shape! : {})))];
}

/** The allowed key `key` was most likely meant to be: a slip of a letter or two, never a different word. */
export function likelyKey(key: string, allowed: readonly string[]): string | undefined {
  let best: { k: string; d: number } | undefined;
  for (const k of allowed) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d <= Math.min(2, Math.floor(k.length / 3)) && (!best || d < best.d)) best = { k, d };
  }
  return best?.k;
}
