// What a Hermes platform's folder hands the registry (src/platforms/index.ts): its rules (src/detectors/platform-rule.ts
// runs them), its words in both locales, the lines it needs the agent.log probes to keep, and its demo fault. The
// registry registers each part into the layer that uses it; nothing below imports a platform.
import type { LogNeedle } from '../evidence.js';
import type { HermesPlatform } from '../detectors/platform-rule.js';
import type { PluginWords } from '../i18n.js';
import type { PlatformDemoFault } from './demo-stage.js';
import type { OwnFindingId } from '../detectors/finding.js';
import type { OwnTextKey } from '../types.js';

export interface PlatformPlugin<D extends string = string> extends HermesPlatform {
  /**
   * Its findings' texts (`finding.platform_deaf.<variant>.{title,explanation,action}`) and its demo fault's
   * (`demo.fault.<name>`), en and zh-CN: the type holds zh-CN to the English keys, a test to the same {params}.
   */
  words: PluginWords;
  /** Lines that reach agent.log only (their logger is not a gateway component, §9), for its rules and detectors. */
  agentLines?: readonly RegExp[];
  /** Lines its rules count over hours, across restarts (Evidence.hermes.hours). */
  hoursLines?: readonly LogNeedle[];
  /** What `gatewatch demo fault <name>` makes the demo gateway log to play it. */
  demo?: PlatformDemoFault<D>;
}

/** The finding ids a platform's words hold: `finding.<id>.title`. */
type WordedIds<E> = { [K in keyof E]: K extends `finding.${infer I}.title` ? I : never }[keyof E];

/** A finding id of a platform's own words, checked against them: `ownFinding(en, 'qq_banned.protocol')`. */
export const ownFinding = <E>(_words: E, id: WordedIds<E>): OwnFindingId => id as unknown as OwnFindingId;

/** A key of a platform's own words, as a text parameter of its findings, checked against them. */
export const ownKey = <E>(_words: E, key: keyof E & `finding.${string}`): OwnTextKey => key as unknown as OwnTextKey;

/** A platform as its folder declares it (its demo fault's name kept as a literal, for the demo's list of faults). */
export const definePlatform = <const D extends string = never>(p: PlatformPlugin<D>): PlatformPlugin<D> => p;

/**
 * The checks a platform's own findings are raised under: its ways of going deaf, its forecasts, and a check whose
 * meaning it shares (config_fatal: a platform that cannot start on its configuration; startup_incomplete: one its
 * start-up left out).
 */
export type PlatformFindingCheck = 'platform_deaf' | 'forecast' | 'config_fatal' | 'startup_incomplete';

/** A finding's row in the docs' finding tables, in one locale: what it means, what gatewatch does, what to do. */
export interface DocRow {
  when: string;
  restart: string;
  action: string;
}

/**
 * A platform's rows in the finding tables of the alert catalogues (docs/findings.md, docs/zh-CN/findings.md), one per finding it raises
 * (its folder's docs.ts; scripts/docs-tables.ts writes them there). Docs only: nothing at run time loads them.
 */
export type PlatformDocs = Record<
  `${PlatformFindingCheck}.${string}` | string,
  { severity: string; en: DocRow; 'zh-CN': DocRow }
>;
