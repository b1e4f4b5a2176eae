// Line filters typed in chat (`/logs 50 4009|4004`) or on the CLI (`logs --grep`). Any operator, a viewer included,
// can type one, so a filter must never be able to stall the event loop: patterns run on RE2 (linear time, no
// backtracking), and the work is bounded by pattern length, line length, number of lines, and a CPU budget spent
// in short slices with the loop free in between.
import { createRequire } from 'node:module';
import type { RE2JS as RE2JSClass } from 're2js';
import { monotonicMs } from './clock.js';
import { nextTurn } from './next-turn.js';

// re2js is a quarter of a megabyte of code: loaded the first time a filter is a pattern, not by every command.
const requireHere = createRequire(import.meta.url);
let RE2JS: typeof RE2JSClass | undefined;
const re2 = (): typeof RE2JSClass => (RE2JS ??= (requireHere('re2js') as typeof import('re2js')).RE2JS);

export const MAX_FILTER_LENGTH = 200;
/** Only the start of a very long line is searched: enough for any log line a person reads. */
const MAX_MATCH_CHARS = 4096;
/** Total CPU a single filter may use; RE2 is linear but some patterns cost microseconds per byte. */
const FILTER_BUDGET_MS = 2_000;
/** Longest stretch of matching before the loop gets a turn. */
const SLICE_MS = 15;

/** Is this line (at this index of the lines searched) wanted? */
export type LineTest = (line: string, index: number) => boolean;

export type CompiledFilter =
  | { ok: true; test: (line: string) => boolean; kind: 'substring' | 'regex' }
  | { ok: false; reason: 'too_long' };

const META = /[\\^$.|?*+()[\]{}]/;

export function compileFilter(filter: string): CompiledFilter {
  if (filter.length > MAX_FILTER_LENGTH) return { ok: false, reason: 'too_long' };
  const lower = filter.toLowerCase();
  const substring = (l: string) => l.slice(0, MAX_MATCH_CHARS).toLowerCase().includes(lower);
  // Plain words are the common case: the native substring search is fastest.
  if (!META.test(filter)) return { ok: true, test: substring, kind: 'substring' };
  const R = re2();
  try {
    const re = R.compile(filter, R.CASE_INSENSITIVE);
    return {
      ok: true,
      test: (l) => re.test(l.length > MAX_MATCH_CHARS ? l.slice(0, MAX_MATCH_CHARS) : l),
      kind: 'regex',
    };
  } catch {
    // Not a pattern RE2 accepts (a stray bracket, a back-reference): search for the text itself, as a person means.
    return { ok: true, test: substring, kind: 'substring' };
  }
}

export interface FilterResult {
  /** Matching lines in their original order, at most `max`, the newest ones. */
  lines: string[];
  /** Their indexes in the lines searched. */
  indexes: number[];
  /** Lines examined (from the end). */
  scanned: number;
  /** The CPU budget ran out before every line was examined. */
  stopped: boolean;
}

/** The newest `max` lines that pass `test`, scanning from the end in slices so the event loop keeps running. */
export async function filterNewest(
  lines: string[],
  test: LineTest,
  max: number,
  budgetMs = FILTER_BUDGET_MS,
): Promise<FilterResult> {
  const out: number[] = [];
  let spent = 0;
  let i = lines.length - 1;
  while (i >= 0 && out.length < max) {
    const start = monotonicMs();
    while (i >= 0 && out.length < max && monotonicMs() - start < SLICE_MS) {
      const l = lines[i]!;
      if (l && test(l, i)) out.push(i);
      i--;
    }
    spent += monotonicMs() - start;
    if (spent >= budgetMs) break;
    if (i >= 0 && out.length < max) await nextTurn();
  }
  const indexes = out.reverse();
  return {
    lines: indexes.map((k) => lines[k]!),
    indexes,
    scanned: lines.length - 1 - i,
    stopped: i >= 0 && out.length < max,
  };
}
