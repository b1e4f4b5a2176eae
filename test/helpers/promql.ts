// The names a PromQL expression reads, for the tests that hold deploy/ (Prometheus rules, Grafana dashboard) to the
// metric contract: which series it selects and with which label matchers, and which labels it groups or matches by.
// A small scanner, not a parser: enough for the expressions we ship, and it errs towards reporting a name.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readmeMetrics } from './metric-contract.js';
import { TEST_DIR } from './paths.js';

export interface Selector {
  /** The metric (or recording rule) name; '' for a bare `{…}`. */
  name: string;
  /** The label names its matchers use. */
  matchers: string[];
}

export interface ExprNames {
  selectors: Selector[];
  /** Labels named by `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`. */
  grouping: string[];
  /** Functions and aggregation operators called. */
  functions: string[];
}

const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan']);
const AGGREGATIONS = new Set(['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar']);
const PARAMETRIC = new Set(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);

/** Grafana's variables ($var, ${var}, [[var]], $__rate_interval …) become a number: they stand for values here. */
const withoutVariables = (expr: string) => expr.replace(/\$\{[^}]*\}|\$\w+|\[\[\w+\]\]/g, '0');

export function exprNames(source: string): ExprNames {
  const s = withoutVariables(source);
  const out: ExprNames = { selectors: [], grouping: [], functions: [] };
  const skipSpace = (j: number) => {
    while (j < s.length && /\s/.test(s[j]!)) j++;
    return j;
  };
  const skipString = (j: number) => {
    const q = s[j]!;
    for (j++; j < s.length && s[j] !== q; j++) if (s[j] === '\\' && q !== '`') j++;
    return j + 1;
  };
  /** `{a="x", b=~"y"}` from its `{`: the label names, and the index after its `}`. */
  const matchers = (j: number): [string[], number] => {
    const names: string[] = [];
    for (j++; j < s.length && s[j] !== '}'; ) {
      if (s[j] === '"' || s[j] === "'" || s[j] === '`') j = skipString(j);
      else {
        const m = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/.exec(s.slice(j));
        if (m) {
          names.push(m[1]!);
          j += m[0].length;
        } else j++;
      }
    }
    return [names, j + 1];
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '"' || c === "'" || c === '`') i = skipString(i);
    else if (c === '#') while (i < s.length && s[i] !== '\n') i++;
    else if (c === '[') i = s.indexOf(']', i) + 1 || s.length;
    else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(s[i + 1] ?? ''))) {
      // A number or a duration (5m, 1h30m, 1e3).
      while (i < s.length && /[0-9a-zA-Z.]/.test(s[i]!)) i++;
    } else if (c === '{') {
      const [names, next] = matchers(i);
      const byName = /__name__\s*=\s*"([^"]*)"/.exec(s.slice(i, next));
      out.selectors.push({ name: byName?.[1] ?? '', matchers: names.filter((n) => n !== '__name__') });
      i = next;
    } else if (/[a-zA-Z_:]/.test(c)) {
      const ident = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(s.slice(i))![0];
      i += ident.length;
      const next = skipSpace(i);
      if (GROUPING.has(ident) && s[next] === '(') {
        const close = s.indexOf(')', next);
        out.grouping.push(
          ...s
            .slice(next + 1, close)
            .split(',')
            .map((l) => l.trim())
            .filter(Boolean),
        );
        i = close + 1;
      } else if (GROUPING.has(ident) || KEYWORDS.has(ident.toLowerCase())) {
        // group_left without a list, or an operator word.
      } else if (s[next] === '(') out.functions.push(ident);
      else if ((AGGREGATIONS.has(ident) || PARAMETRIC.has(ident)) && /^(by|without)\b/.test(s.slice(next)))
        out.functions.push(ident); // sum by (a) (…): its `by` list comes next.
      else if (s[next] === '{') {
        const [names, after] = matchers(next);
        out.selectors.push({ name: ident, matchers: names });
        i = after;
      } else out.selectors.push({ name: ident, matchers: [] });
    } else i++;
  }
  return out;
}

/** Label names of a series, with `job` and `instance` from the scrape. */
export type Known = Map<string, Set<string>>;

/**
 * The series gatewatch exports (docs/metrics.md, "Metrics"), as Prometheus stores them: a histogram is its _bucket (with `le`),
 * _sum and _count series, never its bare name; plus Prometheus' own `up`.
 */
export function contractSeries(): Known {
  const known: Known = new Map([['up', new Set(['job', 'instance'])]]);
  for (const m of readmeMetrics()) {
    const labels = [...m.labels, 'job', 'instance'];
    if (m.type === 'histogram') {
      known.set(`${m.name}_bucket`, new Set([...labels, 'le']));
      known.set(`${m.name}_sum`, new Set(labels));
      known.set(`${m.name}_count`, new Set(labels));
    } else known.set(m.name, new Set(labels));
  }
  return known;
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
export interface RecordRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}
export type Rule = AlertRule | RecordRule;
export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
}

export const RULES_FILE = path.join(TEST_DIR, '..', 'deploy', 'prometheus', 'gatewatch.rules.yml');

export function ruleGroups(file = RULES_FILE): RuleGroup[] {
  return (parse(readFileSync(file, 'utf8')) as { groups: RuleGroup[] }).groups;
}

export const isRecord = (r: Rule): r is RecordRule => 'record' in r;
export const isAlert = (r: Rule): r is AlertRule => 'alert' in r;

/**
 * The labels a recording rule's series carry: an aggregation's `by (…)` list when the expression is one
 * (`sum by (a) (…)`), none for an aggregation without it; else the labels of the series it reads; plus the rule's own
 * `labels:`.
 */
export function recordedLabels(rule: RecordRule, known: Known): Set<string> {
  const agg = /^\s*([a-z]+)\s*(?:by\s*\(([^)]*)\))?\s*\(/.exec(rule.expr);
  let labels: string[];
  if (agg && AGGREGATIONS.has(agg[1]!))
    labels = (agg[2] ?? '')
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
  else labels = exprNames(rule.expr).selectors.flatMap((sel) => [...(known.get(sel.name) ?? [])]);
  return new Set([...labels.filter((l) => l !== 'le'), ...Object.keys(rule.labels ?? {})]);
}

/** The contract's series and every recording rule's (in file order, so a rule may read an earlier one). */
export function knownSeries(groups = ruleGroups(), contract = contractSeries()): Known {
  const known = new Map(contract);
  for (const r of groups.flatMap((g) => g.rules).filter(isRecord)) known.set(r.record, recordedLabels(r, known));
  return known;
}

/**
 * What is wrong with an expression against the known series: a name that is no series, a matcher on a label the
 * series lacks, a `by`/`on` label that none of the series it reads has. Empty when it is all right.
 */
export function exprProblems(expr: string, known: Known): string[] {
  const { selectors, grouping } = exprNames(expr);
  const problems: string[] = [];
  if (selectors.length === 0) problems.push(`reads no series: ${expr}`);
  for (const sel of selectors) {
    const labels = known.get(sel.name);
    if (!labels) {
      problems.push(`unknown series "${sel.name}"`);
      continue;
    }
    for (const l of sel.matchers) if (!labels.has(l)) problems.push(`${sel.name} has no label "${l}"`);
  }
  const all = new Set(selectors.flatMap((sel) => [...(known.get(sel.name) ?? [])]));
  for (const l of grouping) if (!all.has(l)) problems.push(`no series read has the label "${l}" it groups by`);
  return problems;
}
