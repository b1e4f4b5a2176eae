// Target arguments of the chat commands: which configured target a word names, and the reply when none does.
import type { Locale, Respond } from '../src/types.js';
import type { TargetConfig } from '../src/config/schema.js';
import { t } from '../src/i18n.js';
import type { LookPort } from './ports.js';

type TargetContext = { look: LookPort; locale: Locale; respond: Respond };

/**
 * The configured target a word names: exactly, else ignoring case (phone keyboards capitalise). Never a fallback: a
 * word that names no target is undefined, so a typo cannot act on some other gateway or on all of them.
 */
export function findTarget(targets: readonly TargetConfig[], name: string): TargetConfig | undefined {
  return targets.find((x) => x.name === name) ?? targets.find((x) => x.name.toLowerCase() === name.toLowerCase());
}

/** Tell the sender which targets exist. */
export async function refuseTarget(c: TargetContext, name: string): Promise<void> {
  await c.respond({
    title: t(c.locale, 'target.unknown', {
      target: name,
      targets: c.look
        .targets()
        .map((x) => x.name)
        .join(', '),
    }),
    tone: 'warning',
    outcome: 'unknown_target',
  });
}

/**
 * Resolve a target argument. No name means the only target; an unknown name, or no name while there are several
 * targets, gets the list of targets and undefined.
 */
export async function targetArg(c: TargetContext, name: string | undefined): Promise<TargetConfig | undefined> {
  const targets = c.look.targets();
  const target = name === undefined ? (targets.length === 1 ? targets[0] : undefined) : findTarget(targets, name);
  if (!target && name === undefined)
    await c.respond({
      title: t(c.locale, 'target.which', { targets: targets.map((x) => x.name).join(', ') }),
      tone: 'info',
      outcome: 'refused',
    });
  else if (!target) await refuseTarget(c, name!);
  return target;
}

/** The targets a read command acts on: the one named, or all. An unknown name gets the list and no targets. */
export async function targetsArg(c: TargetContext, name: string | undefined): Promise<readonly TargetConfig[]> {
  if (!name) return c.look.targets();
  const one = await targetArg(c, name);
  return one ? [one] : [];
}
