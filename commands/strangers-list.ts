// /strangers: the people the bus refused as no operator (`command.denied` records, actor `<channel>:<id>`), newest
// first, each with how often and what they last wrote, and the `operators:` line that lets them in, its id under the
// key their channel's plugin names (settings.operatorKeys). Read from the audit log: the daemon's, or the state
// directory's when none runs.
import { channelName, t } from '../src/i18n.js';
import type { AuditRecord } from '../src/types.js';
import { formatTime } from '../src/util/time.js';
import type { ActContext, CommandRun } from './types.js';
import type { StrangersArgs } from './verbs/strangers.js';

/** Records read back: the audit keeps every refusal once per sender and window (strangers.ts), so this is months. */
const READ = 5_000;
const SHOWN = 20;
const TEXT = 40;

interface Stranger {
  channel: string;
  id: string;
  messages: number;
  last: string;
  text: string;
}

function strangersIn(records: readonly AuditRecord[]): Stranger[] {
  const by = new Map<string, Stranger>();
  for (const r of records) {
    const d = (r.detail ?? {}) as Record<string, unknown>;
    if (r.type !== 'command.denied' || d.reason !== 'not an operator') continue;
    const m = /^([^:]+):(.+)$/.exec(r.actor);
    if (!m) continue;
    const s = by.get(r.actor) ?? { channel: m[1]!, id: m[2]!, messages: 0, last: r.ts, text: '' };
    s.messages += 1 + (typeof d.suppressed === 'number' ? d.suppressed : 0);
    s.last = r.ts;
    s.text = String(d.text ?? '');
    by.set(r.actor, s);
  }
  return [...by.values()].sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : 0));
}

/** `- { name: "qq-1a2b3c", role: admin, qq_openid: "…" }`: a name to change, the id under its channel's key. */
function operatorLine(s: Stranger, key: string): string {
  const name = `${s.channel}-${s.id
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 6)
    .toLowerCase()}`;
  return `  - { name: ${JSON.stringify(name)}, role: admin, ${key}: ${JSON.stringify(s.id)} }`;
}

export const strangersList: CommandRun<ActContext<StrangersArgs>> = {
  async run(c) {
    const l = c.locale;
    const all = strangersIn(await c.look.readAudit(READ));
    if (!all.length) {
      await c.respond({ title: t(l, 'strangers.none'), tone: 'info', lines: [t(l, 'strangers.none_hint')] });
      return;
    }
    const shown = all.slice(0, SHOWN);
    const keys = c.look.settings.operatorKeys ?? {};
    const lines = shown.map((s) =>
      t(l, 'strangers.line', {
        channel: channelName(l, s.channel),
        id: s.id,
        count: s.messages,
        at: formatTime(s.last),
        text: JSON.stringify(s.text.length > TEXT ? `${s.text.slice(0, TEXT)}…` : s.text),
      }),
    );
    const config = shown.flatMap((s) => (keys[s.channel] ? [operatorLine(s, keys[s.channel]!)] : []));
    await c.respond({
      title: t(l, 'strangers.title', { count: all.length }),
      tone: 'info',
      lines: [
        ...lines,
        ...(config.length
          ? [t(l, 'strangers.add', { file: c.look.settings.configFile ?? t(l, 'strangers.config_file') })]
          : []),
      ],
      ...(config.length ? { code: [['operators:', ...config].join('\n')] } : {}),
    });
  },
};
