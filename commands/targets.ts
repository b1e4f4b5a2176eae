// Target arguments of the chat commands: which configured target a word names, and the reply when none does.
import type { App } from '../src/app.js';
import type { Locale, Respond } from '../src/types.js';
import type { TargetConfig } from '../src/config/schema.js';
import { t } from '../src/i18n.js';

/**
 * The configured target a word names: exactly, else ignoring case (phone keyboards capitalise). Never a fallback: a
 * word that names no target is undefined, so a typo cannot act on some other gateway or on all of them.
 */
export function findTarget(app: App, name: string): TargetConfig | undefined {
  return app.config.targets.find((x) => x.name === name) ?? app.config.targets.find((x) => x.name.toLowerCase() === name.toLowerCase());
}

/** Tell the sender which targets exist. */
export async function refuseTarget(c: { app: App; locale: Locale; respond: Respond }, name: string): Promise<void> {
  await c.respond({ title: t(c.locale, 'target.unknown', { target: name, targets: c.app.config.targets.map((x) => x.name).join(', ') }), tone: 'warning', outcome: 'unknown_target' });
}

/**
 * Resolve a target argument. No name means the only target; an unknown name, or no name while there are several
 * targets, gets the list of targets and undefined.
 */
export async function targetArg(c: { app: App; locale: Locale; respond: Respond }, name: string | undefined): Promise<TargetConfig | undefined> {
  const targets = c.app.config.targets;
  const target = name === undefined ? (targets.length === 1 ? targets[0] : undefined) : findTarget(c.app, name);
  if (!target && name === undefined) await c.respond({ title: t(c.locale, 'target.which', { targets: targets.map((x) => x.name).join(', ') }), tone: 'info', outcome: 'refused' });
  else if (!target) await refuseTarget(c, name!);
  return target;
}

/** The targets a read command acts on: the one named, or all. An unknown name gets the list and no targets. */
export async function targetsArg(c: { app: App; locale: Locale; respond: Respond; args: string[] }): Promise<TargetConfig[]> {
  if (!c.args[0]) return c.app.config.targets;
  const one = await targetArg(c, c.args[0]);
  return one ? [one] : [];
}
