// /fix [target] [n] [#id] [confirm] [interrupt]: the remedies of what is wrong now, numbered, narrowest first, each one
// sentence of exactly what it will do; `/fix n` shows that sentence and asks, `/fix n confirm` runs it, judges the
// target again and says whether the finding is gone. `#id` (an alert's button, the confirm step) names the remedy
// itself: numbers are recomputed per look, so a press minutes later runs what it named or nothing. Admins only: the
// bus refuses a viewer before this runs.
import { argHole, t, wordFinding, wordParam } from '../src/i18n.js';
import { describeRemedy, remediesOf, remedyId } from '../src/actions/remedies.js';
import { formatDuration } from '../src/util/duration.js';
import type { Finding, Remedy, ReplyButton } from '../src/types.js';
import type { Evidence } from '../src/evidence.js';
import type { ActContext, CommandRun } from './types.js';
import type { FixArgs } from './verbs/fix.js';
import { askedBusy } from './busy.js';
import { targetArg } from './targets.js';
import { commandFor } from './command-line.js';
import { commandButton, dialectOf, type CommandRef, type Dialect } from '../src/util/command-line.js';
import { describeRestart, skipReason } from '../src/actions/restart.js';
import type { FixResult } from '../src/core/fix.js';
import type { Locale, Tone } from '../src/types.js';

interface Item {
  finding: Finding;
  remedy: Remedy;
}

/** The numbered remedies: the findings' own order, each finding's remedies narrowest first. */
export function fixItems(findings: readonly Finding[], gatewayAlive: boolean): Item[] {
  return findings
    .filter((f) => f.severity !== 'info')
    .flatMap((finding) => remediesOf(finding, gatewayAlive).map((remedy) => ({ finding, remedy })));
}

const same = (a: Finding, b: Finding) =>
  a.check === b.check && a.platform === b.platform && a.cause === b.cause && a.profile === b.profile;

export const fix: CommandRun<ActContext<FixArgs>> = {
  async run(c) {
    const targets = c.look.targets();
    if (c.args.target === undefined && targets.length > 1) {
      // A bare /fix with several gateways: what can run now on every one of them, numbered across them (the one in
      // trouble alone reads as `/fix TARGET`).
      const parts = await Promise.all(targets.map((x) => partOf(c, x.name)));
      const troubled = parts.filter((p) => listed(c, p).lines.length);
      if (!troubled.length) {
        await c.respond({
          title: t(c.locale, 'fix.list.none_all', { targets: targets.map((x) => x.name).join(', ') }),
          tone: c.look.openIncidents().length ? 'info' : 'ok',
          outcome: 'ok',
        });
        return;
      }
      if (troubled.length > 1) return runAcross(c, troubled);
      return runOn(c, troubled[0]!);
    }
    const target = await targetArg(c, c.args.target);
    if (!target) return;
    return runOn(c, await partOf(c, target.name));
  },
};

/** One target's look and its numbered remedies. */
interface Part {
  target: string;
  findings: readonly Finding[];
  evidence: Evidence;
  items: Item[];
}

async function partOf(c: ActContext<FixArgs>, target: string): Promise<Part> {
  // A fix decides on what it sees: the world now, not an evaluation begun before the question (issue 54).
  const { findings, evidence } = await c.look.look(target, { fresh: true });
  return { target, findings, evidence, items: fixItems(findings, evidence.process.alive) };
}

/** `/fix [n] [#id] [confirm]` over several targets in trouble: one list, one numbering; a number picks across them. */
async function runAcross(c: ActContext<FixArgs>, parts: Part[]): Promise<void> {
  const flat = parts.flatMap((part) => part.items.map((item) => ({ part, item })));
  const { n, remedy: id } = c.args;
  const listing = () => {
    const lines: string[] = [];
    let at = 0;
    for (const part of parts) {
      const l = listed(c, part, { from: at, across: true });
      lines.push(...l.lines);
      at += part.items.length;
    }
    if (flat.some((x) => x.item.remedy.kind !== 'advice'))
      lines.push(
        t(c.locale, 'fix.list.send', {
          cmd: commandFor(c, { command: 'fix', n: argHole(c.locale, 'n'), confirm: true }),
        }),
      );
    const buttons = flat
      .map((x, k) => ({ x, n: k + 1 }))
      .filter(({ x }) => x.item.remedy.kind !== 'advice')
      .slice(0, 3)
      .map(({ x, n }) =>
        commandButton(t(c.locale, 'fix.button.run', { n: String(n) }), {
          command: 'fix',
          n,
          remedy: remedyId(x.item.remedy),
        }),
      );
    return { lines, buttons };
  };
  const names = parts.map((p) => p.target).join(', ');
  if (n === undefined && id === undefined) {
    await c.respond({
      ...(flat.length
        ? { title: t(c.locale, 'fix.list.title_all', { targets: names }), tone: 'info' }
        : { title: t(c.locale, 'fix.list.none_yours_all', { targets: names }), tone: worstTone(parts) }),
      ...listing(),
      outcome: 'ok',
    });
    return;
  }
  // By identity when the command carries one (a button): the number it was shown under, else the one remedy that id
  // names now (a restart's id is the same on every target: then the number must agree).
  let at = n !== undefined ? n - 1 : -1;
  if (id !== undefined && flat[at] && remedyId(flat[at]!.item.remedy) !== id) at = -1;
  if (id !== undefined && at < 0) {
    const same = flat.flatMap((x, k) => (remedyId(x.item.remedy) === id ? [k] : []));
    if (same.length === 1) at = same[0]!;
  }
  const pick = flat[at];
  if (!pick && id !== undefined) {
    await c.respond({ title: t(c.locale, 'fix.stale_all'), tone: 'warning', ...listing(), outcome: 'refused' });
    return;
  }
  if (!pick) {
    await c.respond({
      title: t(c.locale, 'fix.no_such_all', {
        n: String(n),
        count: flat.length,
        targets: names,
        cmd: commandFor(c, { command: 'fix' }),
      }),
      tone: 'warning',
      outcome: 'refused',
    });
    return;
  }
  await runItem(c, pick.part, pick.item, at + 1, {
    command: 'fix',
    n: at + 1,
    remedy: remedyId(pick.item.remedy),
    confirm: true,
  });
}

/** `/fix TARGET [n] [#id] [confirm]`: one target's list, or one of its remedies. */
async function runOn(c: ActContext<FixArgs>, part: Part): Promise<void> {
  const { target, items } = part;
  const { remedy: id } = c.args;
  if (c.args.n === undefined && id === undefined) {
    const list = listed(c, part);
    if (!list.lines.length) {
      // Nothing wrong that a look sees now; an incident still open is no all-clear.
      const tone = c.look.openIncidents(target).length ? 'info' : 'ok';
      await c.respond({ title: t(c.locale, 'fix.list.none', { target }), tone, outcome: 'ok' });
      return;
    }
    // None of it is gatewatch's to fix (a banned bot): what is wrong, and in each finding's advice who can fix it.
    const head = items.length
      ? { title: t(c.locale, 'fix.list.title', { target }), tone: 'info' as const }
      : { title: t(c.locale, 'fix.list.none_yours', { target }), tone: worstTone([part]) };
    await c.respond({ ...head, ...list, outcome: 'ok' });
    return;
  }
  // By identity when the command carries one (a button): its number now may differ from when it was shown.
  const at = id !== undefined ? items.findIndex((i) => remedyId(i.remedy) === id) : c.args.n! - 1;
  const item = items[at];
  if (!item && id !== undefined) {
    const list = listed(c, part);
    const lines = list.lines.length ? list.lines : [t(c.locale, 'fix.list.none', { target })];
    await c.respond({
      title: t(c.locale, 'fix.stale', { target }),
      tone: 'warning',
      lines,
      buttons: list.buttons,
      outcome: 'refused',
    });
    return;
  }
  const n = at + 1;
  if (!item) {
    await c.respond({
      title: t(c.locale, 'fix.no_such', {
        target,
        n: String(n),
        count: String(items.length),
        cmd: commandFor(c, { command: 'fix', target }),
      }),
      tone: 'warning',
      outcome: 'refused',
    });
    return;
  }
  await runItem(c, part, item, n, { command: 'fix', target, n, remedy: remedyId(item.remedy), confirm: true });
}

/** Ask, then (confirmed) run one remedy, judge the target again and say whether the finding is gone. `go` confirms it. */
async function runItem(c: ActContext<FixArgs>, part: Part, item: Item, n: number, go: CommandRef): Promise<void> {
  const { target, findings, evidence } = part;
  const sentence = describeRemedy(item.remedy, target, c.locale);
  if (item.remedy.kind === 'advice') {
    // Nothing runs, so nothing to confirm: the steps, and an audit record that they were read.
    await c.act.fix(target, item.remedy, c.operator.name, c.respond);
    await c.respond({
      title: t(c.locale, 'fix.advice.title', { target, n: String(n) }),
      tone: 'info',
      lines: [wordFinding(c.locale, item.finding).title, sentence],
      outcome: 'ok',
    });
    return;
  }
  if (!c.args.confirm) {
    await c.respond({
      title: t(c.locale, 'fix.confirm.title', { target, n: String(n) }),
      tone: 'warning',
      lines: [
        `${wordFinding(c.locale, item.finding).title}`,
        sentence,
        t(c.locale, 'fix.confirm.send', { cmd: commandFor(c, { ...go, remedy: undefined }) }),
      ],
      buttons: [commandButton(t(c.locale, 'fix.button.run', { n: String(n) }), go, 'danger')],
      outcome: 'refused',
    });
    return;
  }
  const restarts = item.remedy.kind === 'restart' || item.remedy.kind === 'stop_process_then_restart';
  if (restarts && (await askedBusy(c, target, { findings, evidence }, go))) return;
  const res = await c.act.fix(target, item.remedy, c.operator.name, c.respond);
  if (!res.ok) {
    const { max_restarts, window } = {
      max_restarts: c.look.settings.restartBudget.maxRestarts,
      window: c.look.settings.restartBudget.windowMs,
    };
    const title =
      res.code === 'budget'
        ? t(c.locale, 'fix.budget', {
            target,
            n: String(n),
            used: String(res.used ?? max_restarts),
            max: String(max_restarts),
            window: formatDuration(window),
          })
        : res.code === 'busy'
          ? t(c.locale, 'fix.in_progress', { target })
          : t(c.locale, 'fix.failed', {
              target,
              n: String(n),
              reason: res.why ? wordParam(c.locale, res.why) : fixWords(res, c.locale, target, dialectOf(c.channel)),
            });
    await c.respond({
      title,
      tone: res.code === 'budget' || res.code === 'busy' ? 'warning' : 'critical',
      lines: [sentence],
      outcome: res.code === 'budget' || res.code === 'busy' ? 'refused' : 'failed',
    });
    return;
  }
  // Judged again: the finding is gone, or it is not. A stopped process that the finding no longer names is the fix
  // done, even while the finding stays for the log lines it already has (a recurring conflict's window).
  const after = await c.act.judge(target);
  const now = after.findings.find((f) => same(f, item.finding));
  const pid = 'process' in item.remedy ? item.remedy.process.pid : undefined;
  const stillNamed =
    pid !== undefined &&
    !!now &&
    remediesOf(now, after.evidence.process.alive).some((r) => 'process' in r && r.process.pid === pid);
  const finding = wordFinding(c.locale, item.finding).title;
  const title = !now
    ? t(c.locale, 'fix.ok', { target, n: String(n), finding })
    : pid !== undefined && !stillNamed
      ? t(c.locale, 'fix.ok_pending', { target, n: String(n), pid: String(pid), finding })
      : t(c.locale, 'fix.done_still', { target, n: String(n), finding });
  const worked = !now || (pid !== undefined && !stillNamed);
  await c.respond({
    title,
    tone: worked ? 'ok' : 'warning',
    lines: [sentence, fixWords(res, c.locale, target, dialectOf(c.channel))],
    outcome: worked ? 'ok' : 'failed',
  });
}

/** What a fix did, in the reader's words: the stop, then the restart as /restart words it; else the stored detail. */
function fixWords(res: FixResult, locale: Locale, target: string, dialect: Dialect): string {
  const said = res.said;
  if (!said) return res.detail;
  const parts: string[] = [];
  if (said.stopped) parts.push(wordParam(locale, said.stopped));
  if (said.session) parts.push(wordParam(locale, said.session));
  const r = said.restart;
  if (r && 'skipped' in r)
    parts.push(
      t(locale, 'fix.result.restart_skipped', {
        reason: skipReason({ ...r, reason: r.skipped }, locale, { target, dialect }),
      }),
    );
  // A start is said as one (a gateway that was down was started, not restarted).
  else if (r?.ok)
    parts.push(
      t(
        locale,
        said.stopped
          ? 'fix.result.restarted'
          : r.start
            ? 'fix.result.started_verified'
            : 'fix.result.restarted_verified',
      ),
    );
  else if (r)
    parts.push(
      t(locale, r.start ? 'fix.result.start_failed' : 'fix.result.restart_failed', {
        detail: describeRestart(r, locale) ?? t(locale, 'fix.result.not_verified'),
      }),
    );
  return parts.join(t(locale, 'fix.result.sep'));
}

/** The tone of findings none of which gatewatch can fix: as grave as the worst of them. */
function worstTone(parts: readonly Part[]): Tone {
  return parts.some((p) => p.findings.some((f) => f.severity === 'critical')) ? 'critical' : 'warning';
}

/**
 * The numbered list of one target, findings first, and a button for each of the first three (carrying the remedy's
 * identity). `across`: one part of the list over several targets, numbered on from `from`, each finding naming its
 * target; the caller adds the one send line and the buttons.
 */
function listed(
  c: ActContext<FixArgs>,
  part: Part,
  o: { from?: number; across?: boolean } = {},
): { lines: string[]; buttons: ReplyButton[] } {
  const { target, findings, items } = part;
  const lines: string[] = [];
  let at = o.from ?? 0;
  for (const f of findings.filter((x) => x.severity !== 'info')) {
    const mine = items.filter((i) => i.finding === f);
    // What it fights with runs on another host (a variant `.elsewhere`: Telegram's other poller): say so, and that
    // nothing here will be stopped.
    const elsewhere = !!f.text?.key.endsWith('.elsewhere');
    const icon = f.severity === 'critical' ? '🔴' : '🟠';
    const worded = wordFinding(c.locale, f, dialectOf(c.channel));
    const title = worded.title;
    lines.push(
      o.across
        ? t(c.locale, 'fix.list.finding_on', { icon, target, title })
        : t(c.locale, 'fix.list.finding', { icon, title }),
    );
    for (const i of mine)
      lines.push(t(c.locale, 'fix.list.item', { n: String(++at), remedy: describeRemedy(i.remedy, target, c.locale) }));
    if (elsewhere) lines.push(t(c.locale, 'fix.list.elsewhere'));
    // Nothing for gatewatch to run: the finding's own advice says what to do and who can (as the alert does).
    if (!mine.length) lines.push(`   → ${worded.action}`);
  }
  if (o.across) return { lines, buttons: [] };
  // Advice runs nothing: "to run one" and a run button only for what gatewatch can run.
  const runs = items.map((i, k) => ({ i, n: k + 1 })).filter(({ i }) => i.remedy.kind !== 'advice');
  if (lines.length && runs.length)
    lines.push(
      t(c.locale, 'fix.list.send', {
        cmd: commandFor(c, { command: 'fix', target, n: argHole(c.locale, 'n'), confirm: true }),
      }),
    );
  const buttons = runs.slice(0, 3).map(({ i, n }) =>
    commandButton(t(c.locale, 'fix.button.run', { n: String(n) }), {
      command: 'fix',
      target,
      n,
      remedy: remedyId(i.remedy),
    }),
  );
  return { lines, buttons };
}
