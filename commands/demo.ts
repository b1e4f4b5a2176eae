// /demo fail <fault>: break the demo gateway from the chat itself, so a newcomer needs one terminal only; /demo heal
// undoes what the faults left and restarts it through gatewatch's own (verified) restart.
// Listed in /help only while a demo gateway is being watched.
import { commandFor } from './command-line.js';
import { DEMO_FAULTS, isDemoFault } from '../src/demo/faults.js';
import { argHole, phrase, t } from '../src/i18n.js';
import type { ActContext, CommandRun } from './types.js';
import { demoTarget, type DemoArgs } from './verbs/demo.js';
import { commandButton, dialectOf } from '../src/util/command-line.js';
import { skipReason } from '../src/actions/restart.js';
import type { TargetConfig } from '../src/config/schema.js';
import { reportRestart } from './restart.js';

export const demo: CommandRun<ActContext<DemoArgs>> = {
  async run(c) {
    const target = demoTarget(c.look.targets());
    if (!target) {
      await c.respond({ title: t(c.locale, 'demo.none'), tone: 'info' });
      return;
    }
    const { verb, fault } = c.args;
    if (verb === 'heal') return heal(c, target);
    // The demo's supervisor and its catalogues load when a demo is watched and /demo is run, not with every command.
    const { demoFaultHelp, injectFault } = await import('../src/demo/index.js');
    if (verb !== 'fail' || !isDemoFault(fault)) {
      await c.respond({
        title: t(c.locale, 'demo.usage', {
          fail: commandFor(c, { command: 'demo', verb: 'fail', fault: argHole(c.locale, 'fault') }),
          heal: commandFor(c, { command: 'demo', verb: 'heal' }),
        }),
        tone: 'info',
        lines: [t(c.locale, 'demo.usage.current')],
        code: [demoFaultHelp(c.locale)],
        buttons: [
          ...DEMO_FAULTS.slice(0, 4).map((f) =>
            commandButton(f.name, { command: 'demo', verb: 'fail', fault: f.name }),
          ),
          commandButton(commandFor(c, { command: 'demo', verb: 'heal' }), { command: 'demo', verb: 'heal' }),
        ],
      });
      return;
    }
    const r = await injectFault(target.hermes_home, fault);
    if (!r.ok) {
      const error = r.why ? phrase(c.locale, r.why) : (r.error ?? '?');
      await c.respond({ title: t(c.locale, 'demo.inject.failed', { fault, error }), tone: 'warning' });
      return;
    }
    const restart = commandFor(c, { command: 'restart', target: target.name, confirm: true });
    const next = r.switched
      ? t(c.locale, 'demo.inject.switched', { fault, cmd: restart })
      : r.when === 'next-start'
        ? t(c.locale, 'demo.inject.next_start', { cmd: restart })
        : t(c.locale, 'demo.inject.now', {
            status: commandFor(c, { command: 'status' }),
            heal: commandFor(c, { command: 'demo', verb: 'heal' }),
          });
    await c.respond({ title: t(c.locale, 'demo.inject.done', { fault }), tone: 'info', lines: [next] });
  },
};

/**
 * `/demo heal`: undo what the faults left, then gatewatch's own restart, its progress and result said as /restart says
 * them, and last what the heal did. A heal is no warning: once it mended the home it ends in the reader's `ok` (the
 * restart verified) or `info`. A restart already under way starts the gateway anew: the heal is one message then.
 */
async function heal(c: ActContext<DemoArgs>, target: TargetConfig): Promise<void> {
  const { healDemo, healWords } = await import('../src/demo/index.js');
  const r = await healDemo(target.hermes_home, { restart: false });
  const { steps: lines, result } = healWords(c.locale, r.done);
  if (!r.ok) {
    const updating = r.pid !== undefined;
    await c.respond({
      title: updating
        ? t(c.locale, 'demo.heal.updating', { pid: String(r.pid) })
        : t(c.locale, 'demo.heal.failed', { error: r.error ?? '?' }),
      tone: updating ? 'info' : 'warning',
      lines,
    });
    return;
  }
  const underWay = t(c.locale, 'demo.heal.restart_under_way', {
    target: target.name,
    cmd: commandFor(c, { command: 'demo', verb: 'heal' }),
  });
  if (c.look.restartInProgress(target.name)) {
    await c.respond({ title: result, tone: 'info', lines: [underWay] });
    return;
  }
  if (lines.length)
    await c.respond({
      title: t(c.locale, 'demo.heal.done'),
      tone: 'info',
      lines: [...lines, t(c.locale, 'demo.heal.restarting')],
    });
  // gatewatch's own restart: supervised, verified and audited like any other, and its result said as /restart says it.
  const res = await c.act.restart(target.name, c.operator.name, c.respond, { heal: true });
  if ('skipped' in res) {
    // Not restarted after all (one began meanwhile): said in the heal's last line, not as a warning of its own.
    const why = skipReason({ ...res, reason: res.skipped }, c.locale, {
      target: target.name,
      dialect: dialectOf(c.channel),
    });
    await c.respond({
      title: result,
      tone: 'info',
      lines: [res.code === 'busy' ? underWay : t(c.locale, 'restart.skipped', { target: target.name, reason: why })],
    });
    return;
  }
  await reportRestart(c, target.name, res);
  // The last line says what the heal did, after the restart's own progress and result.
  await c.respond({ title: result, tone: res.ok ? 'ok' : 'info' });
}
