// The remediator's small shared steps: which process a target's restart goes through, its history, a skip audited, a
// hold announced and released.
import type { Evidence } from '../evidence.js';
import type { Alert } from '../types.js';
import type { RestartHold, RestartRecord } from '../actions/restart-policy.js';
import { heldAlert } from '../delivery/alerts.js';
import { restartVia, type RestartVia } from '../actions/restart-target.js';
import { t } from '../i18n.js';
import type { Locale } from '../types.js';
import type { Ctx } from './remediate-types.js';

/** "Restarting the root gateway that serves profile coder: every profile's bots (default, coder, ops) reconnect."; for
 * the root itself: "This gateway serves profiles default, coder, ops: every profile's bots reconnect." */
export function viaRootNote(via: RestartVia, locale: Locale): string[] {
  if (via.serves) return [t(locale, 'restart.root_serves', { profiles: via.serves.join(', ') })];
  if (!via.served) return [];
  return [t(locale, 'restart.via_root', { profile: via.served.profile, profiles: via.served.profiles.join(', ') })];
}

export const withLines = (a: Alert, lines: string[]): Alert =>
  lines.length ? { ...a, reply: { ...a.reply, lines: [...(a.reply.lines ?? []), ...lines] } } : a;

export const reachOf = (c: Ctx, name: string) => c.d.reach?.(name);

export function viaOf(c: Ctx, name: string, evidence: Evidence | undefined): RestartVia {
  const target = c.config.targets.find((x) => x.name === name)!;
  const via = restartVia(target, evidence);
  c.units.set(name, via.unit);
  return via;
}

export const unitOf = (c: Ctx, name: string) => c.units.get(name) ?? name;

/** Targets restarted together with this one (itself included). */
export function sharing(c: Ctx, name: string): string[] {
  return [...new Set([name, ...[...c.units].filter(([, u]) => u === unitOf(c, name)).map(([n]) => n)])];
}

// The restarts of every target the same process serves count for this one: two served profiles failing at once
// must not restart the root twice (one lock, one cooldown, one budget). Older records know only their target.
// The playground's restarts are its own (AppOptions.playground): a daemon that watches the demo's home after `init`
// starts with its own budget, not one the demo spent (issue 55: "restarts 4/3 in 1h").
export function historyOf(c: Ctx, name: string, all = false): RestartRecord[] {
  const unit = unitOf(c, name);
  const mine = (r: RestartRecord) => all || !!r.playground === !!c.d.playground;
  return c.state.restarts
    .filter((r) => mine(r) && (r.target === name || (r.unit !== undefined && r.unit === unit)))
    .map((r) => (r.target === name ? r : { ...r, target: name }));
}

export async function skip(
  c: Ctx,
  target: string,
  actor: string,
  code: string,
  reason: string,
  check?: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await c.d.audit.write({ type: 'restart.skip', target, check, actor, detail: { code, reason, ...extra } });
}

/** Announce a held restart once; a cooldown's end is a time, so look again then rather than at the next check. */
export async function hold(c: Ctx, name: string, h: RestartHold, announce = true): Promise<void> {
  const { now } = c;
  const was = c.holds.get(name);
  if (was?.code === h.code && was.until === h.until) return;
  c.holds.set(name, { ...h, since: was?.since ?? now() });
  if (h.until !== undefined) {
    c.timers.get(name)?.();
    // On the app's clock, as the hold's end is: a test's clock can bring it at once.
    const cancel = c.d.clock.timer(
      () => {
        c.timers.delete(name);
        c.d.afterRestart(name);
      },
      Math.max(0, h.until - now()) + 50,
    );
    c.timers.set(name, cancel);
  }
  if (announce) await c.d.raise(heldAlert(name, h, c.config.locale, now()));
}

/** The hold that ends with this restart (if any), said on the restart's result. */
export function release(c: Ctx, name: string): (RestartHold & { since: number }) | undefined {
  const h = c.holds.get(name);
  c.holds.delete(name);
  c.timers.get(name)?.();
  c.timers.delete(name);
  return h;
}
