// How long each function of a TypeScript source is, counted with a parser: esbuild strips the types (and keeps a
// source map), acorn parses what is left, and every function's body is mapped back to its lines in the source. A
// body's length is its lines from its `{` to its `}`, both included; an arrow function without braces is an
// expression, not counted. The architecture test holds every function of src and commands under a bound.
import { transformSync } from 'esbuild';
import * as acorn from 'acorn';

export interface FunctionLength {
  /** Its name as the source gives it: declared, or the variable, property or method it is assigned to. */
  name: string;
  /** The line of its body's `{` in the source (1-based). */
  line: number;
  lines: number;
}

type Node = acorn.Node & Record<string, unknown>;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A source map's mappings: for each generated line, its segments [generated column, source line (0-based)]. */
function decodeMappings(mappings: string): [number, number][][] {
  const lines: [number, number][][] = [];
  let sourceLine = 0;
  for (const line of mappings.split(';')) {
    const segments: [number, number][] = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = BASE64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0]!;
      if (fields.length < 4) continue;
      sourceLine += fields[2]!;
      segments.push([column, sourceLine]);
    }
    lines.push(segments);
  }
  return lines;
}

/** The name a function goes by: its own, or that of what holds it (`const f = () => {}`, `{ f() {} }`, `f: () => {}`). */
function nameOf(parent: Node | undefined): string | undefined {
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator') return (parent.id as Node & { name?: string }).name;
  if (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') {
    const key = parent.key as Node & { name?: string; value?: unknown };
    return key.name ?? (typeof key.value === 'string' ? key.value : undefined);
  }
  if (parent.type === 'AssignmentExpression') {
    const left = parent.left as Node & { name?: string; property?: { name?: string } };
    return left.name ?? left.property?.name;
  }
  return undefined;
}

/** Every function of a TypeScript source with a block body, and its length. */
export function functionLengths(source: string, file = 'source.ts'): FunctionLength[] {
  const out = transformSync(source, { loader: 'ts', sourcemap: 'external', sourcefile: file, target: 'esnext' });
  const map = decodeMappings((JSON.parse(out.map) as { mappings: string }).mappings);
  /** The source line (1-based) of a generated position esbuild mapped: a body's braces always are. */
  const sourceLine = (line: number, column: number): number => {
    const hit = map[line - 1]?.find(([c]) => c === column);
    if (!hit) throw new Error(`${file}: no source position for generated ${line}:${column}`);
    return hit[1] + 1;
  };
  const ast = acorn.parse(out.code, {
    ecmaVersion: 'latest',
    sourceType: 'module',
    locations: true,
  }) as unknown as Node;
  const found: FunctionLength[] = [];
  const visit = (node: Node, parent: Node | undefined) => {
    if (/Function/.test(node.type)) {
      const name = (node.id as { name?: string } | null)?.name ?? nameOf(parent) ?? '(anonymous)';
      const body = node.body as Node;
      if (body.type === 'BlockStatement') {
        const first = sourceLine(body.loc!.start.line, body.loc!.start.column);
        const last = sourceLine(body.loc!.end.line, body.loc!.end.column - 1);
        found.push({ name, line: first, lines: last - first + 1 });
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc') continue;
      for (const child of Array.isArray(value) ? value : [value])
        if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node, node);
    }
  };
  visit(ast, undefined);
  return found;
}
