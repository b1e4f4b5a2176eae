// /fix [target] [n] [#id] [confirm] [interrupt]: the remedies of what is wrong now, numbered, narrowest first, each one
// sentence of exactly what it will do; `/fix n` shows that sentence and asks, `/fix n confirm` runs it, judges the
// target again and says whether the finding is gone. `#id` (an alert's button, the confirm step) names the remedy
// itself: numbers are recomputed per look, so a press minutes later runs what it named or nothing. Admins only: the
// bus refuses a viewer before this runs.
import * as z from 'zod';
import { t, wordFinding, wordParam } from '../src/i18n.js';
import { describeRemedy, remediesOf, remedyId } from '../src/actions/remedies.js';
import { formatDuration } from '../src/util/duration.js';
import type { Finding, Remedy, ReplyButton } from '../src/types.js';
import type { ActContext, AdminCommand } from './types.js';
import { askedBusy } from './busy.js';
import { targetName } from './args.js';
import { targetArg } from './targets.js';
import { commandFor } from './command-line.js';
import { commandButton, dialectOf, type Dialect } from '../src/util/command-line.js';
import { describeRestart, skipReason } from '../src/actions/restart.js';
import type { FixResult } from '../src/core/fix.js';
import type { Locale } from '../src/types.js';

const fixArgs = z.strictObject({
  target: targetName.optional(),
  n: z.number().int().min(1).max(99).optional(),
  remedy: z.string().regex(/^[0-9a-f]{8}$/).optional(),
  confirm: z.boolean().default(false),
  interrupt: z.boolean().default(false),
});
const FLAG_WORDS = new Set(['confirm', 'interrupt']);
type FixArgs = z.output<typeof fixArgs>;

interface Item {
  finding: Finding;
  remedy: Remedy;
}

/** The numbered remedies: the findings' own order, each finding's remedies narrowest first. */
export function fixItems(findings: readonly Finding[], gatewayAlive: boolean): Item[] {
  return findings.filter((f) => f.severity !== 'info').flatMap((finding) => remediesOf(finding, gatewayAlive).map((remedy) => ({ finding, remedy })));
}

const same = (a: Finding, b: Finding) => a.check === b.check && a.platform === b.platform && a.cause === b.cause && a.profile === b.profile;

export const fix: AdminCommand<FixArgs> = {
  name: 'fix',
  role: 'admin',
  usage: '/fix [target] [n] [confirm] [interrupt]',
  args: fixArgs,
  fromWords: (words) => {
    const n = words.find((w) => /^\d+$/.test(w));
    const id = words.find((w) => w.startsWith('#'));
    const target = words.find((w) => !FLAG_WORDS.has(w.toLowerCase()) && w !== n && w !== id);
    const has = (w: string) => words.some((x) => x.toLowerCase() === w);
    return { confirm: has('confirm'), interrupt: has('interrupt'), ...(n ? { n: Number(n) } : {}), ...(id ? { remedy: id.slice(1).toLowerCase() } : {}), ...(target ? { target } : {}) };
  },
  summary: { key: 'help.summary.fix' },
  async run(c) {
    let name = c.args.target;
    if (!name && c.look.targets().length > 1) {
      // A bare /fix with several gateways means the one in trouble.
      const failing = [...new Set(c.look.openIncidents().map((i) => i.target))];
      if (failing.length === 1) name = failing[0];
    }
    const target = await targetArg(c, name);
    if (!target) return;
    const { findings, evidence } = await c.look.look(target.name);
    const items = fixItems(findings, evidence.process.alive);
    const { confirm, remedy: id } = c.args;
    if (c.args.n === undefined && id === undefined) {
      const list = listed(c, target.name, findings, items);
      if (!list.lines.length) {
        await c.respond({ title: t(c.locale, 'fix.list.none', { target: target.name }), tone: 'ok', outcome: 'ok' });
        return;
      }
      await c.respond({ title: t(c.locale, 'fix.list.title', { target: target.name }), tone: 'info', ...list, outcome: 'ok' });
      return;
    }
    // By identity when the command carries one (a button): its number now may differ from when it was shown.
    const at = id !== undefined ? items.findIndex((i) => remedyId(i.remedy) === id) : c.args.n! - 1;
    const item = items[at];
    if (!item && id !== undefined) {
      const list = listed(c, target.name, findings, items);
      const lines = list.lines.length ? list.lines : [t(c.locale, 'fix.list.none', { target: target.name })];
      await c.respond({ title: t(c.locale, 'fix.stale', { target: target.name }), tone: 'warning', lines, buttons: list.buttons, outcome: 'refused' });
      return;
    }
    const n = at + 1;
    if (!item) {
      await c.respond({ title: t(c.locale, 'fix.no_such', { target: target.name, n: String(n), count: String(items.length), cmd: commandFor(c, { command: 'fix', target: target.name }) }), tone: 'warning', outcome: 'refused' });
      return;
    }
    const sentence = describeRemedy(item.remedy, target.name, c.locale);
    const go = { command: 'fix', target: target.name, n, remedy: remedyId(item.remedy), confirm: true };
    if (!confirm) {
      await c.respond({
        title: t(c.locale, 'fix.confirm.title', { target: target.name, n: String(n) }),
        tone: 'warning',
        lines: [`${wordFinding(c.locale, item.finding).title}`, sentence, t(c.locale, 'fix.confirm.send', { cmd: commandFor(c, go) })],
        buttons: [commandButton(t(c.locale, 'fix.button.run', { n: String(n) }), go, 'danger')],
        outcome: 'refused',
      });
      return;
    }
    const restarts = item.remedy.kind === 'restart' || item.remedy.kind === 'stop_process_then_restart';
    if (restarts && (await askedBusy(c, target.name, { findings, evidence }, go))) return;
    const res = await c.act.fix(target.name, item.remedy, c.operator.name, c.respond);
    if (!res.ok) {
      const { max_restarts, window } = { max_restarts: c.look.settings.restartBudget.maxRestarts, window: c.look.settings.restartBudget.windowMs };
      const title =
        res.code === 'budget'
          ? t(c.locale, 'fix.budget', { target: target.name, n: String(n), used: String(res.used ?? max_restarts), max: String(max_restarts), window: formatDuration(window) })
          : res.code === 'busy'
            ? t(c.locale, 'fix.in_progress', { target: target.name })
            : t(c.locale, 'fix.failed', { target: target.name, n: String(n), reason: res.why ? wordParam(c.locale, res.why) : fixWords(res, c.locale, target.name, dialectOf(c.channel)) });
      await c.respond({ title, tone: res.code === 'budget' || res.code === 'busy' ? 'warning' : 'critical', lines: [sentence], outcome: res.code === 'budget' || res.code === 'busy' ? 'refused' : 'failed' });
      return;
    }
    // Judged again: the finding is gone, or it is not. A stopped process that the finding no longer names is the fix
    // done, even while the finding stays for the log lines it already has (a recurring conflict's window).
    const after = await c.act.judge(target.name);
    const now = after.findings.find((f) => same(f, item.finding));
    const pid = 'process' in item.remedy ? item.remedy.process.pid : undefined;
    const stillNamed = pid !== undefined && !!now && remediesOf(now, after.evidence.process.alive).some((r) => 'process' in r && r.process.pid === pid);
    const finding = wordFinding(c.locale, item.finding).title;
    const title = !now
      ? t(c.locale, 'fix.ok', { target: target.name, n: String(n), finding })
      : pid !== undefined && !stillNamed
        ? t(c.locale, 'fix.ok_pending', { target: target.name, n: String(n), pid: String(pid), finding })
        : t(c.locale, 'fix.done_still', { target: target.name, n: String(n), finding });
    const worked = !now || (pid !== undefined && !stillNamed);
    await c.respond({ title, tone: worked ? 'ok' : 'warning', lines: [sentence, fixWords(res, c.locale, target.name, dialectOf(c.channel))], outcome: worked ? 'ok' : 'failed' });
  },
};

/** What a fix did, in the reader's words: the stop, then the restart as /restart words it; else the stored detail. */
function fixWords(res: FixResult, locale: Locale, target: string, dialect: Dialect): string {
  const said = res.said;
  if (!said) return res.detail;
  const parts: string[] = [];
  if (said.stopped) parts.push(wordParam(locale, said.stopped));
  const r = said.restart;
  if (r && 'skipped' in r) parts.push(t(locale, 'fix.result.restart_skipped', { reason: skipReason({ ...r, reason: r.skipped }, locale, { target, dialect }) }));
  else if (r?.ok) parts.push(t(locale, said.stopped ? 'fix.result.restarted' : 'fix.result.restarted_verified'));
  else if (r) parts.push(t(locale, 'fix.result.restart_failed', { detail: describeRestart(r, locale) ?? t(locale, 'fix.result.not_verified') }));
  return parts.join(t(locale, 'fix.result.sep'));
}

/** The numbered list, findings first, and a button for each of the first three (carrying the remedy's identity). */
function listed(c: ActContext<FixArgs>, target: string, findings: readonly Finding[], items: Item[]): { lines: string[]; buttons: ReplyButton[] } {
  const lines: string[] = [];
  let at = 0;
  for (const f of findings.filter((x) => x.severity !== 'info')) {
    const mine = items.filter((i) => i.finding === f);
    // The other poller runs elsewhere: say so, and that nothing here will be stopped.
    const elsewhere = f.check === 'telegram_polling_conflict' && !!f.text?.key.endsWith('.elsewhere');
    if (!mine.length && !elsewhere) continue;
    lines.push(t(c.locale, 'fix.list.finding', { icon: f.severity === 'critical' ? '🔴' : '🟠', title: wordFinding(c.locale, f).title }));
    for (const i of mine) lines.push(t(c.locale, 'fix.list.item', { n: String(++at), remedy: describeRemedy(i.remedy, target, c.locale) }));
    if (elsewhere) lines.push(t(c.locale, 'fix.list.elsewhere'));
  }
  if (lines.length && items.length) lines.push(t(c.locale, 'fix.list.send', { cmd: commandFor(c, { command: 'fix', target, n: t(c.locale, 'cmd.arg.n'), confirm: true }) }));
  const buttons = items.slice(0, 3).map((i, k) => commandButton(t(c.locale, 'fix.button.run', { n: String(k + 1) }), { command: 'fix', target, n: k + 1, remedy: remedyId(i.remedy) }));
  return { lines, buttons };
}
