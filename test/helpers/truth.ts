// What a phone must never be told (issue 55's "Done when"), as checks over the messages gatewatch sent: each one kept
// with what was open when it went out. A recovery of what is still down; a recovery whose title repeats its problem;
// advice at odds with itself (a restart offered where its words say not to restart, "gatewatch restarts it by itself"
// beside "no"); a config key, a platform key or an internal id in its words.
import type { Alert, Locale, Reply } from '../../src/types.js';
import type { Incident } from '../../src/incidents/machine.js';
import { FORECAST_CHECKS } from '../../src/detectors/index.js';

/** A message as it went out, with the incidents of its target as they stood then and whether its gateway ran. */
export interface Sent {
  alert: Alert;
  /** The incident it was about (resolved by then, for a recovery). */
  incident?: Incident;
  /** The target's other incidents open when it went out. */
  open: Incident[];
  /** Its gateway process was running at the last look. */
  alive?: boolean;
  /** What the test was doing (the fault played), for the failure's words. */
  during: string;
}

const said = (r: Reply) => [
  r.title,
  ...(r.fields ?? []).map((f) => `${f.label}: ${f.value}`),
  ...(r.lines ?? []),
  ...(r.buttons ?? []).map((b) => `[${b.label}] ${b.command}`),
];

const show = (s: Sent) => `${s.during}: ${s.alert.kind} "${s.alert.reply.title}"`;

/** A forecast withdrawn is not a recovery: nothing was down. */
const isRecovery = (s: Sent) => s.alert.kind === 'resolve' && !FORECAST_CHECKS.has(s.incident?.check ?? '');

/** No recovery while what it is about is still down: the same platform (a gateway's: any) has an incident open. */
export function earlyRecoveries(sent: Sent[]): string[] {
  return sent.filter(isRecovery).flatMap((s) => {
    const p = s.incident?.platform;
    // Unless it says what is still wrong ("Still open: 🔴 …"): a recovery naming it is no all-clear.
    const words = said(s.alert.reply).join('\n');
    const still = s.open.filter(
      (i) =>
        i.id !== s.incident?.id &&
        !FORECAST_CHECKS.has(i.check) &&
        i.platform !== undefined &&
        (p === undefined || i.platform === p) &&
        !words.includes(i.finding.title),
    );
    const out = still.map((i) => `${show(s)} while "${i.finding.title}" is open`);
    if (s.alive === false) out.push(`${show(s)} while the gateway is not running`);
    return out;
  });
}

/** The problem a message of an incident named: its title without the target and the words around it. */
function problemOf(title: string, target: string): string {
  const at = Math.max(title.indexOf(`${target}: `), title.indexOf(`${target}：`));
  return at >= 0 ? title.slice(at + target.length + 2) : title;
}

/** No recovery's title repeats the problem an earlier message of its incident named. */
export function repeatedProblems(sent: Sent[]): string[] {
  return sent.filter(isRecovery).flatMap((s) => {
    const problems = sent
      .filter(
        (x) => x.alert.incidentId === s.alert.incidentId && x.alert.kind !== 'resolve' && x.alert.kind !== 'restart',
      )
      .map((x) => problemOf(x.alert.reply.title, x.alert.target));
    return problems
      .filter((p) => p.length > 8 && s.alert.reply.title.includes(p))
      .map((p) => `${show(s)} repeats "${p}"`);
  });
}

const WORDS: Record<Locale, { no: RegExp; byItself: RegExp; dont: RegExp }> = {
  en: {
    no: /^auto-restart: (no\b|off\b)/,
    byItself: /gatewatch restarts it by itself when auto-restart is on/,
    dont: /Do not restart the gateway/,
  },
  'zh-CN': {
    no: /^自动重启: (不会|关闭|否)/,
    byItself: /开启自动重启时 gatewatch 会/,
    dont: /不要为此重启网关|现在不要重启网关/,
  },
};

/** One message, one advice: no restart offered where it says not to restart; no "restarts it by itself" beside "no". */
export function adviceAtOdds(sent: Sent[], locale: Locale): string[] {
  const w = WORDS[locale];
  return sent.flatMap((s) => {
    const lines = said(s.alert.reply);
    const button = (s.alert.reply.buttons ?? []).some((b) => b.command.startsWith('/restart'));
    const out: string[] = [];
    if (lines.some((l) => w.no.test(l)) && lines.some((l) => w.byItself.test(l)))
      out.push(`${show(s)}: "no" beside "gatewatch restarts it by itself"`);
    if (button && lines.some((l) => w.dont.test(l))) out.push(`${show(s)}: a Restart button beside "do not restart"`);
    return out;
  });
}

/** What advice an alert gives about restarting: a button, a command to type by hand. */
export const adviceOf = (a: Alert) => ({
  button: (a.reply.buttons ?? []).some((b) => b.command.startsWith('/restart')),
  byHand: said(a.reply).some((l) => /`\/restart \S+`|\/restart does it now|\/restart 可立即/.test(l)),
});

// The keys that are not also English words ("signal", "email", "matrix" are read as words).
const PLATFORM_KEYS = 'qqbot|feishu|telegram|discord|slack|whatsapp|weixin|wecom|dingtalk|photon|google_chat|lark';

/** Config keys, platform keys, internal ids: each kind, as a pattern over a message's words. */
const INTERNAL: { kind: string; re: RegExp }[] = [
  { kind: 'config key', re: /`?\b(service|remediate|detect|alerts|fleet|channels|http|report|targets)\.[a-z_]+\b`?/g },
  { kind: 'platform key', re: new RegExp(`(?<![\\w./-])([a-z0-9_-]+:)?(${PLATFORM_KEYS})(?![\\w./-])`, 'g') },
  {
    kind: 'internal id',
    re: /(?<![\w./-])[a-z]+(?:_[a-z0-9]+)+(?![\w./-])|#[0-9a-f]{8}\b|\b[\w-]+:[a-z_]+(?::[a-z_]+)?@[0-9a-z]+/g,
  },
];

/**
 * Known offenders of issue 55 item 5 (another engineer's part: internal names and config keys on the phone), each
 * tolerated until it lands. When it does, set ITEM_5_LANDED: every one of them then fails this check like any other.
 */
export const ITEM_5_LANDED = true;
const TOLERATED: RegExp[] = [
  /^(platform|平台): \S+$/g, // the platform field's value is its key ("platform qqbot")
  /`service\.(restart|start)`/g, // "the configured `service.restart` command"
  /[a-z0-9_:-]+ is (disconnected|fatal|retrying|connecting|[a-z_]+) for/g, // "qqbot is disconnected for 34s"
  /[a-z0-9_:-]+ 处于 \S+ 状态/g,
  /^[a-z0-9_:-]+ (has been down for|已断开)/g, // a finding's {platform}: "qqbot has been down for 2m"
  /gateway_state\.json (reports|显示) [a-z0-9_:-]+/g,
  /Messages on [a-z0-9_:-]+|[a-z0-9_:-]+ 上的消息/g,
  /[(（](multiplex_shared_ingress|logged_out|ack_stale)\b[^)）]*[)）]/g, // a close code's or a state's id in parentheses
  /missing [a-z0-9_:,= -]+|缺少 [a-z0-9_:=、 -]+/g, // "not verified within 30s: missing qqbot retrying"
  /; [a-z0-9_:, ]+ connected|；[a-z0-9_:、 ]+ 已连接/g, // a restart's detail: "pid 123; feishu, qqbot connected"
  /#[0-9a-f]{8}/g, // a remedy's id on a button: "/fix demo 1 #da4d2625"
  /\b[a-z0-9_-]+:[A-Z][a-z]+/g, // a served profile's platform: "ops:Discord"
  /\b[a-z0-9_-]+:[a-z_]+ is\b/g, // "ops:discord is fatal"
];

/** Where in `line` the tolerated words are: [from, to) spans. */
function toleratedSpans(line: string): [number, number][] {
  if (ITEM_5_LANDED) return [];
  return TOLERATED.flatMap((re) =>
    [...line.matchAll(re)].map((m): [number, number] => [m.index, m.index + m[0].length]),
  );
}

/** A library's or Hermes' own name a message may quote as it is (a logger: `slack_bolt logged …`). */
const THEIRS = /^(slack_bolt|discord_py|lark_oapi|is_reconnect|aiohttp|httpx)$/;

/**
 * Quoted words are Hermes' own (a log line, a state), commands and code are typed as they are (`hermes whatsapp`,
 * `/restart demo`): blanked, the length kept. A config key stays, in backticks or not: that is what is looked for.
 */
const blank = (line: string) =>
  line
    .replace(/`([^`]*)`/g, (x, inner: string) =>
      /^(service|remediate|detect|alerts|fleet|channels|http|report|targets)\./.test(inner) ? x : ' '.repeat(x.length),
    )
    .replace(/"[^"]*"|“[^”]*”|「[^」]*」|\[[^\]]*\] \/\S.*$|(?<!\S)\/[a-z]+(?: [\w.-]+)*/g, (x) =>
      ' '.repeat(x.length),
    );

/** The words a phone carries that name a config key, a platform key or an internal id, with the tolerated apart. */
export function internalNames(sent: Sent[]): { found: string[]; tolerated: string[] } {
  const found: string[] = [];
  const tolerated: string[] = [];
  for (const s of sent)
    for (const line of said(s.alert.reply)) {
      const spans = toleratedSpans(line);
      const words = blank(line);
      for (const { kind, re } of INTERNAL)
        for (const m of words.matchAll(re)) {
          if (THEIRS.test(m[0])) continue;
          const what = `${show(s)}: ${kind} "${m[0]}" in "${line}"`;
          const from = m.index;
          const to = from + m[0].length;
          if (spans.some(([a, b]) => a <= from && to <= b)) tolerated.push(what);
          else found.push(what);
        }
    }
  return { found: [...new Set(found)], tolerated: [...new Set(tolerated)] };
}

/** Every check at once; each finding said as one line. */
export function untruths(sent: Sent[], locale: Locale): string[] {
  return [
    ...earlyRecoveries(sent),
    ...repeatedProblems(sent),
    ...adviceAtOdds(sent, locale),
    ...internalNames(sent).found,
  ];
}
