// /restart [target] [confirm]: restart through the supervisor, report progress and the verified result. What it asks
// first is restart-asks.ts's.
import { t } from '../src/i18n.js';
import { restartAlert } from '../src/delivery/alerts.js';
import { describeRestart, skipReason } from '../src/actions/restart.js';
import { refusedWhateverAsked } from '../src/actions/restart-policy.js';
import type { ActPort } from './ports.js';
import type { ActContext, CommandRun, LookContext } from './types.js';
import type { RestartArgs } from './verbs/restart.js';
import { targetArg } from './targets.js';
import { commandButton, dialectOf } from '../src/util/command-line.js';
import { askedBusy } from './busy.js';
import { underWayField } from '../src/delivery/under-way.js';
import { askedHealthy, askedHopeless, askedRoot, askWhich } from './restart-asks.js';

export const restart: CommandRun<ActContext<RestartArgs>> = {
  async run(c) {
    const confirmed = c.args.confirm;
    let name = c.args.target;
    const targets = c.look.targets();
    if (!name && targets.length > 1) {
      // With several gateways, a bare /restart means the one in trouble; if that is not clear, ask.
      const failing = [...new Set(c.look.openIncidents().map((i) => i.target))];
      if (failing.length !== 1) return askWhich(c, targets);
      name = failing[0];
    }
    const target = await targetArg(c, name);
    if (!target) return;
    if (c.look.restartInProgress(target.name)) {
      const under = c.look.restartUnderWay?.(target.name);
      await c.respond({
        title: t(c.locale, 'restart.in_progress', { target: target.name }),
        tone: 'info',
        ...(under ? { fields: [underWayField(under, c.locale, c.look.now())] } : {}),
        outcome: 'refused',
      });
      return;
    }
    // The decision's own look: its busy agents are the ones running now (issue 54), not those of a look begun earlier.
    const look = await c.look.look(target.name, { fresh: true });
    if (await askedRoot(c, target, look)) return;
    const { findings, evidence } = look;
    // Refused whatever the answer to a question would be: straight to the restart's own gate (which says why, and
    // audits it), not "Restart anyway?" and then a refusal.
    if (refusedWhateverAsked(evidence.service))
      return reportRestart(c, target.name, await c.act.restart(target.name, c.operator.name, c.respond));
    const healthy = evidence.process.alive && findings.length === 0 && c.look.openIncidents(target.name).length === 0;
    if (healthy && (await askedHealthy(c, target.name, look))) return;
    if (await askedHopeless(c, target.name, findings)) return;
    if (
      !healthy &&
      (await askedBusy(
        c,
        target.name,
        { findings, evidence },
        { command: 'restart', target: target.name, confirm: confirmed },
      ))
    )
      return;
    await reportRestart(c, target.name, await c.act.restart(target.name, c.operator.name, c.respond));
  },
};

/** The restart's outcome: why it was skipped, or its result said as the restart alert says it (/restart, /demo heal). */
export async function reportRestart(
  c: LookContext<unknown>,
  target: string,
  res: Awaited<ReturnType<ActPort['restart']>>,
): Promise<void> {
  if ('skipped' in res) {
    await c.respond({
      title: t(c.locale, 'restart.skipped', {
        target,
        reason: skipReason({ ...res, reason: res.skipped }, c.locale, { target, dialect: dialectOf(c.channel) }),
      }),
      tone: 'warning',
      outcome: 'refused',
    });
    return;
  }
  // Said as the restart alert says it (a restart during an outage upstream included).
  const said = restartAlert(res, res.ok ? 'ok' : 'fail', c.locale, c.look.now()).reply;
  await c.respond({
    title: said.title,
    tone: said.tone,
    lines: res.detail ? [describeRestart(res, c.locale)!] : undefined,
    buttons: res.ok ? undefined : [commandButton(t(c.locale, 'button.logs'), { command: 'logs', lines: 50, target })],
    outcome: res.ok ? 'ok' : 'failed',
  });
}
