// /incident [ref | target]: an incident's write-up (src/delivery/write-up.ts) from the availability history, where each
// incident is kept with its number (`demo-7`); without one, the incidents kept, newest first, a line each with its ref.
import { t } from '../src/i18n.js';
import { incidentLine, incidentReply, incidentRef } from '../src/delivery/write-up.js';
import type { CommandRun, LookContext } from './types.js';
import type { IncidentArgs } from './verbs/incident.js';
import { findTarget } from './targets.js';
import type { LookPort } from './ports.js';

/** Incidents listed a line each; the rest are counted. */
const LISTED = 10;

/** `demo-7` (or `7` where there is one target): the target and the number it names. */
function parseRef(look: LookPort, ref: string): { target: string; n: number } | undefined {
  const only = /^#?(\d+)$/.exec(ref);
  const targets = look.targets();
  if (only) return targets.length === 1 ? { target: targets[0]!.name, n: Number(only[1]) } : undefined;
  const m = /^(.+)-(\d+)$/.exec(ref);
  const target = m ? findTarget(targets, m[1]!) : undefined;
  return m && target ? { target: target.name, n: Number(m[2]) } : undefined;
}

async function list(c: LookContext<IncidentArgs>, only?: string): Promise<void> {
  const names = only ? [only] : c.look.targets().map((x) => x.name);
  const all = names
    .flatMap((name) => c.look.history(name).incidents.map((e) => ({ name, e })))
    .sort((a, b) => b.e.alertAt - a.e.alertAt);
  const lines = all.slice(0, LISTED).map(({ name, e }) => incidentLine(c.locale, name, e));
  if (all.length > LISTED) lines.push(t(c.locale, 'incident.list.more', { count: all.length - LISTED }));
  await c.respond({
    title: t(c.locale, 'incident.list.title'),
    tone: 'info',
    lines: lines.length ? lines : [t(c.locale, 'incident.list.none')],
    data: all.map(({ name, e }) => ({
      ref: incidentRef(name, e) ?? null,
      target: name,
      alerted: new Date(e.alertAt).toISOString(),
    })),
  });
}

export const incident: CommandRun<LookContext<IncidentArgs>> = {
  async run(c) {
    const ref = c.args.ref;
    if (ref === undefined) return list(c);
    const target = findTarget(c.look.targets(), ref);
    if (target) return list(c, target.name);
    const named = parseRef(c.look, ref);
    const entry = named && c.look.history(named.target).incidents.find((e) => e.n === named.n);
    if (!named || !entry) {
      await c.respond({ title: t(c.locale, 'incident.unknown', { ref }), tone: 'warning', outcome: 'refused' });
      return;
    }
    await c.respond(incidentReply(c.locale, named.target, entry));
  },
};
