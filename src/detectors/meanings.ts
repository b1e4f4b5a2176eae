// Each check's meaning as its detectors declare it (Detector.meaning, src/evidence/meaning.ts), gathered as the
// detector table loads (src/detectors/index.ts): read here by what the table itself imports (the restart advice).
// Read before the table has loaded, it would answer "no meaning" for every check: it throws instead.
import type { Detector, Explained, FindingMeaning } from '../evidence.js';
import type { Finding } from '../types.js';

export type Role = NonNullable<FindingMeaning['roles']>[number];

const GATHERED = new Map<string, FindingMeaning>();
/**
 * Each role's checks, as first asked (checksThat): the same set for good, which a meaning taken in later (a detector
 * registered after the table) joins, so a set held since a module loaded stays whole.
 */
const BY_ROLE = new Map<Role, Set<string>>();

/** The meanings, once the detector table has given them. */
function meanings(): ReadonlyMap<string, FindingMeaning> {
  if (!GATHERED.size) throw new Error("a finding's meaning was asked before the detector table loaded");
  return GATHERED;
}

/** Takes in the detectors' meanings (several detectors of one check add up). */
export function addMeanings(detectors: readonly Detector[]): void {
  for (const d of detectors) {
    if (!d.meaning) continue;
    const had = GATHERED.get(d.check) ?? {};
    const both = <T>(k: 'downCauses' | 'loopCauses' | 'explains' | 'explainsWhileUnderWay') => [
      ...((had[k] ?? []) as T[]),
      ...((d.meaning![k] ?? []) as T[]),
    ];
    const merged: FindingMeaning = {
      roles: [...new Set([...(had.roles ?? []), ...(d.meaning.roles ?? [])])],
      ...(had.atOnce || d.meaning.atOnce ? { atOnce: true } : {}),
      downCauses: both<string>('downCauses'),
      loopCauses: both<string>('loopCauses'),
      explains: both<Explained>('explains'),
      explainsWhileUnderWay: both<string>('explainsWhileUnderWay'),
    };
    GATHERED.set(d.check, merged);
    for (const [role, checks] of BY_ROLE) if (merged.roles?.includes(role)) checks.add(d.check);
  }
}

/** The checks whose findings have this role (FindingMeaning.roles). */
export function checksThat(role: Role): ReadonlySet<string> {
  let checks = BY_ROLE.get(role);
  if (!checks) {
    checks = new Set([...meanings()].filter(([, m]) => m.roles?.includes(role)).map(([c]) => c));
    BY_ROLE.set(role, checks);
  }
  return checks;
}

/** A restart for this check goes at once, busy agents or not (FindingMeaning.atOnce). */
export const restartsAtOnceFor = (check: string): boolean => meanings().get(check)?.atOnce === true;

/** The findings one of `check` explains (FindingMeaning.explains). */
export const explainedBy = (check: string): readonly Explained[] => meanings().get(check)?.explains ?? [];

/** The symptoms `check` explains while it is under way (FindingMeaning.explainsWhileUnderWay). */
export const explainsWhileUnderWay = (check: string, symptom: string): boolean =>
  meanings().get(check)?.explainsWhileUnderWay?.includes(symptom) === true;

/** A loop in which no gateway runs (FindingMeaning.downCauses). */
export const isDownLoop = (f: Pick<Finding, 'check' | 'cause'>): boolean =>
  f.cause !== undefined && meanings().get(f.check)?.downCauses?.includes(f.cause) === true;

/** A crash loop told: each death in it is the loop's (FindingMeaning.roles 'loop', .loopCauses). */
export const tellsLoop = (f: Pick<Finding, 'check' | 'cause'>): boolean => {
  const m = meanings().get(f.check);
  return m?.roles?.includes('loop') === true || (f.cause !== undefined && m?.loopCauses?.includes(f.cause) === true);
};
