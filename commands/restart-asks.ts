// /restart's questions before it acts (./restart.ts): which gateway, when several are configured and none is plainly
// in trouble; and a confirm first for a profile its root serves, a healthy gateway, a cause a restart cannot fix. Each
// that asks answers the sender and returns true; the restart then waits for the command it names.
import { commandFor } from './command-line.js';
import { argHole, t, wordFinding } from '../src/i18n.js';
import { restartVia } from '../src/actions/restart-target.js';
import type { TargetConfig } from '../src/config/schema.js';
import type { EvalResult } from '../src/evidence.js';
import type { Finding } from '../src/types.js';
import type { LookContext } from './types.js';
import type { RestartArgs } from './verbs/restart.js';
import { isOperatorStop } from '../src/detectors/process.js';
import { commandButton } from '../src/util/command-line.js';
import { busyCount, busyLines } from './busy.js';

type Look = Pick<EvalResult, 'findings' | 'evidence'>;

/** Which of the configured gateways a bare /restart means. */
export async function askWhich(c: LookContext<RestartArgs>, targets: readonly TargetConfig[]): Promise<void> {
  await c.respond({
    title: t(c.locale, 'restart.which.title'),
    tone: 'info',
    lines: [
      t(c.locale, 'restart.which.line', {
        targets: targets.map((x) => x.name).join(', '),
        arg: argHole(c.locale, 'target'),
        cmd: commandFor(c, { command: 'restart', target: argHole(c.locale, 'target') }),
      }),
    ],
    buttons: targets.map((x) => commandButton(x.name, { command: 'restart', target: x.name })),
    outcome: 'refused',
  });
}

/**
 * A profile the root multiplexes has no gateway of its own: the restart is the root's, and every other profile it
 * serves loses its bots for a moment too. Name them and ask first, whatever the health.
 */
export async function askedRoot(c: LookContext<RestartArgs>, target: TargetConfig, look: Look): Promise<boolean> {
  const served = restartVia(target, look.evidence).served;
  if (!served || c.args.confirm) return false;
  const others = served.profiles.filter((p) => p !== served.profile);
  const problems = look.findings.filter((f) => f.severity !== 'info');
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
  return true;
}

/** A healthy gateway's one question names its busy turns too, so its confirm (or `interrupt`) answers both. */
export async function askedHealthy(c: LookContext<RestartArgs>, target: string, look: Look): Promise<boolean> {
  const busy = busyCount(look);
  if (c.args.confirm || (busy > 0 && c.args.interrupt)) return false;
  await c.respond({
    title:
      busy > 0
        ? t(c.locale, 'restart.confirm_healthy_busy', { target, count: busy })
        : t(c.locale, 'restart.confirm_healthy', { target }),
    tone: 'warning',
    lines: [
      ...(busy > 0 ? busyLines(c.locale, look.evidence, busy) : []),
      t(c.locale, 'restart.send_confirm', {
        cmd: commandFor(c, { command: 'restart', target, confirm: true }),
      }),
    ],
    buttons: [
      commandButton(t(c.locale, 'restart.button.anyway'), { command: 'restart', target, confirm: true }, 'danger'),
    ],
    outcome: 'refused',
  });
  return true;
}

/**
 * A cause a restart cannot fix (a banned bot, a fatal config): say why before restarting for nothing. A cause it can
 * fix next to it (a deaf Feishu beside a banned QQ) is reason enough to go ahead.
 * The same for a cause Hermes is still working on by itself ('wait': its servers unreachable, its retry loop running):
 * a restart would only replace Hermes' own retries with a slower loop.
 * The reminder of the operator's own stop is no such cause: a restart is what it waits for.
 */
export async function askedHopeless(
  c: LookContext<RestartArgs>,
  target: string,
  findings: readonly Finding[],
): Promise<boolean> {
  const hopeless = findings.filter(
    (f) => (f.restart === 'never' || f.restart === 'wait') && f.severity !== 'info' && !isOperatorStop(f),
  );
  if (!hopeless.length || findings.some((f) => f.restart === 'helps') || c.args.confirm) return false;
  const never = hopeless.some((f) => f.restart === 'never');
  await c.respond({
    title: t(c.locale, never ? 'restart.confirm_never' : 'restart.confirm_wait', { target }),
    tone: 'warning',
    lines: [
      ...hopeless.flatMap((f) => {
        const w = wordFinding(c.locale, f);
        return [`${f.severity === 'critical' ? '🔴' : '🟠'} ${w.title}`, `   ${w.explanation}`, `   → ${w.action}`];
      }),
      t(c.locale, 'restart.send_confirm_anyway', {
        cmd: commandFor(c, { command: 'restart', target, confirm: true }),
      }),
    ],
    buttons: [
      commandButton(t(c.locale, 'button.logs'), { command: 'logs', lines: 50, target }),
      commandButton(t(c.locale, 'restart.button.anyway'), { command: 'restart', target, confirm: true }, 'danger'),
    ],
    outcome: 'refused',
  });
  return true;
}
