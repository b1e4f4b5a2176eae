// The house rules of docs/architecture.md, checked on the source: imports run one way (no cycles, type-only imports
// included), and commands reach neither the composition root nor any channel or notifier implementation.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

const FILES = [...sources('src'), ...sources('commands')].sort();
const KNOWN = new Set(FILES);
// Comments out, then every static `import … from '…'` and `export … from '…'` (type-only too); `import()` is not one.
const IMPORT = /(?:^|[;}\n])\s*(?:import|export)\s+(?:type\s+)?(?:[\w$*{},\s]*?\s+from\s*)?(['"])([^'"\n]+)\1/g;
const stripComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');

function importsOf(file: string): string[] {
  const out = new Set<string>();
  for (const m of stripComments(readFileSync(path.join(ROOT, file), 'utf8')).matchAll(IMPORT)) {
    const spec = m[2]!;
    if (!spec.startsWith('.')) continue;
    const base = path.join(path.dirname(file), spec).replace(/\.js$/, '');
    const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => KNOWN.has(c));
    if (hit && hit !== file) out.add(hit);
  }
  return [...out];
}

const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

/** Strongly connected components of more than one file (Tarjan). */
function cycles(): string[][] {
  let i = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, i);
    low.set(v, i++);
    stack.push(v);
    on.add(v);
    for (const w of GRAPH.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const f of FILES) if (!index.has(f)) visit(f);
  return out;
}

/** Every file reachable from `file` through static imports. */
function reach(file: string): Set<string> {
  const seen = new Set<string>();
  const todo = [file];
  while (todo.length) for (const w of GRAPH.get(todo.pop()!) ?? []) if (!seen.has(w)) (seen.add(w), todo.push(w));
  return seen;
}

describe('imports run one way', () => {
  it('the parser sees the imports it should (a known edge)', () => {
    expect(GRAPH.get('commands/index.ts')).toContain('commands/status.ts');
    expect(GRAPH.get('src/app.ts')).toContain('src/types.ts');
  });

  // it.fails until the config schema no longer imports the channel registry (the next step of issue 17).
  it.fails('no import cycle under src and commands', () => {
    expect(cycles()).toEqual([]);
  });

  it.fails('no command reaches the composition root or a channel or notifier implementation', () => {
    // Plugin interfaces and the registry's types are fine; a channel's own folder and the notifiers are not.
    const forbidden = (f: string) =>
      f === 'src/app.ts' ||
      f === 'src/operations.ts' ||
      f === 'src/main.ts' ||
      f.startsWith('src/cli') ||
      f.startsWith('src/notifiers/') ||
      f.startsWith('src/ops/') ||
      f.startsWith('src/control/server') ||
      (f.startsWith('src/channels/') && f !== 'src/channels/plugin.ts');
    const bad = FILES.filter((f) => f.startsWith('commands/')).flatMap((c) => [...reach(c)].filter(forbidden).map((f) => `${c} → ${f}`));
    expect(bad).toEqual([]);
  });
});
