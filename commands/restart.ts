// /restart [target] [confirm]: restart through the supervisor, report progress and the verified result.
import { commandFor } from './command-line.js';
import { t, wordFinding } from '../src/i18n.js';
import { restartVia } from '../src/actions/restart-target.js';
import { restartAlert } from '../src/delivery/alerts.js';
import { describeRestart, skipReason } from '../src/actions/restart.js';
import type { ActContext, CommandRun } from './types.js';
import type { RestartArgs } from './verbs/restart.js';
import { targetArg } from './targets.js';
import { isOperatorStop } from '../src/detectors/process.js';
import { commandButton, dialectOf } from '../src/util/command-line.js';
import { askedBusy, busyCount, busyLines } from './busy.js';

export const restart: CommandRun<ActContext<RestartArgs>> = {
  async run(c) {
    const confirmed = c.args.confirm;
    let name = c.args.target;
    const targets = c.look.targets();
    if (!name && targets.length > 1) {
      // With several gateways, a bare /restart means the one in trouble; if that is not clear, ask.
      const failing = [...new Set(c.look.openIncidents().map((i) => i.target))];
      if (failing.length !== 1) {
        await c.respond({
          title: t(c.locale, 'restart.which.title'),
          tone: 'info',
          lines: [
            t(c.locale, 'restart.which.line', {
              targets: targets.map((x) => x.name).join(', '),
              arg: t(c.locale, 'cmd.arg.target'),
              cmd: commandFor(c, { command: 'restart', target: t(c.locale, 'cmd.arg.target') }),
            }),
          ],
          buttons: targets.map((x) => commandButton(x.name, { command: 'restart', target: x.name })),
          outcome: 'refused',
        });
        return;
      }
      name = failing[0];
    }
    const target = await targetArg(c, name);
    if (!target) return;
    if (c.look.restartInProgress(target.name)) {
      await c.respond({
        title: t(c.locale, 'restart.in_progress', { target: target.name }),
        tone: 'info',
        outcome: 'refused',
      });
      return;
    }
    const { findings, evidence } = await c.look.look(target.name);
    // A profile the root multiplexes has no gateway of its own: the restart is the root's, and every other profile it
    // serves loses its bots for a moment too. Name them and ask first, whatever the health.
    const served = restartVia(target, evidence).served;
    if (served && !confirmed) {
      const others = served.profiles.filter((p) => p !== served.profile);
      const problems = findings.filter((f) => f.severity !== 'info');
      await c.respond({
        title: t(c.locale, 'restart.confirm_root', {
          target: target.name,
          profile: served.profile,
          others: others.join(', ') || '-',
        }),
        tone: 'warning',
        lines: [
          ...problems.map((f) => `${f.severity === 'critical' ? '🔴' : '🟠'} ${wordFinding(c.locale, f).title}`),
          t(c.locale, 'restart.send_confirm_root', {
            root: served.root,
            cmd: commandFor(c, { command: 'restart', target: target.name, confirm: true }),
          }),
        ],
        buttons: [
          commandButton(
            t(c.locale, 'restart.button.root'),
            { command: 'restart', target: target.name, confirm: true },
            'danger',
          ),
        ],
        outcome: 'refused',
      });
      return;
    }
    const healthy = evidence.process.alive && findings.length === 0 && c.look.openIncidents(target.name).length === 0;
    // A healthy gateway's one question names its busy turns too, so its confirm (or `interrupt`) answers both.
    const busy = healthy ? busyCount({ findings, evidence }) : 0;
    if (healthy && !confirmed && !(busy > 0 && c.args.interrupt)) {
      await c.respond({
        title:
          busy > 0
            ? t(c.locale, 'restart.confirm_healthy_busy', { target: target.name, count: busy })
            : t(c.locale, 'restart.confirm_healthy', { target: target.name }),
        tone: 'warning',
        lines: [
          ...(busy > 0 ? busyLines(c.locale, evidence, busy) : []),
          t(c.locale, 'restart.send_confirm', {
            cmd: commandFor(c, { command: 'restart', target: target.name, confirm: true }),
          }),
        ],
        buttons: [
          commandButton(
            t(c.locale, 'restart.button.anyway'),
            { command: 'restart', target: target.name, confirm: true },
            'danger',
          ),
        ],
        outcome: 'refused',
      });
      return;
    }
    // A cause a restart cannot fix (a banned bot, a fatal config): say why before restarting for nothing. A cause it
    // can fix next to it (a deaf Feishu beside a banned QQ) is reason enough to go ahead.
    // The same for a cause Hermes is still working on by itself ('wait': its servers unreachable, its retry loop running):
    // a restart would only replace Hermes' own retries with a slower loop.
    // The reminder of the operator's own stop is no such cause: a restart is what it waits for.
    const hopeless = findings.filter(
      (f) => (f.restart === 'never' || f.restart === 'wait') && f.severity !== 'info' && !isOperatorStop(f),
    );
    if (hopeless.length && !findings.some((f) => f.restart === 'helps') && !confirmed) {
      const never = hopeless.some((f) => f.restart === 'never');
      await c.respond({
        title: t(c.locale, never ? 'restart.confirm_never' : 'restart.confirm_wait', { target: target.name }),
        tone: 'warning',
        lines: [
          ...hopeless.flatMap((f) => {
            const w = wordFinding(c.locale, f);
            return [`${f.severity === 'critical' ? '🔴' : '🟠'} ${w.title}`, `   ${w.explanation}`, `   → ${w.action}`];
          }),
          t(c.locale, 'restart.send_confirm_anyway', {
            cmd: commandFor(c, { command: 'restart', target: target.name, confirm: true }),
          }),
        ],
        buttons: [
          commandButton(t(c.locale, 'button.logs'), { command: 'logs', lines: 50, target: target.name }),
          commandButton(
            t(c.locale, 'restart.button.anyway'),
            { command: 'restart', target: target.name, confirm: true },
            'danger',
          ),
        ],
        outcome: 'refused',
      });
      return;
    }
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
    const res = await c.act.restart(target.name, c.operator.name, c.respond);
    if ('skipped' in res) {
      await c.respond({
        title: t(c.locale, 'restart.skipped', {
          target: target.name,
          reason: skipReason({ ...res, reason: res.skipped }, c.locale, {
            target: target.name,
            dialect: dialectOf(c.channel),
          }),
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
      buttons: res.ok
        ? undefined
        : [commandButton(t(c.locale, 'button.logs'), { command: 'logs', lines: 50, target: target.name })],
      outcome: res.ok ? 'ok' : 'failed',
    });
  },
};
