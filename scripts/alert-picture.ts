// `npm run docs:picture`: the READMEs' picture of an alert on a phone, drawn from the product's own code path, so it
// shows what an operator really gets. A gateway that was SIGKILLed (its state file still says "running", its process
// is gone, its log has no shutdown) goes through the detectors, the incident machine, the alert builder and the
// Telegram channel's renderer and keyboard; the HTML that would be sent is drawn as a chat bubble in plain SVG.
// Fixed clock, fixed names: the same code gives the same bytes, and test/chats/telegram/alert-picture.test.ts fails
// when the committed SVGs are not what this script draws now.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import stringWidth from 'string-width';
import { keyboard, renderAlert } from '../src/chats/telegram/render.js';
import { LOGGER, formatRecord } from '../src/demo/hermes-log.js';
import { runDetectors } from '../src/detectors/index.js';
import { incidentAlert } from '../src/delivery/alerts.js';
import type { DetectSettings, Evidence } from '../src/evidence.js';
import { step } from '../src/incidents/machine.js';
import { parseLogText, splitRuns } from '../src/probes/log-parse.js';
import type { Locale } from '../src/types.js';
import '../src/platforms/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PICTURES: { file: string; locale: Locale }[] = [
  { file: 'docs/alert-en.svg', locale: 'en' },
  { file: 'docs/alert-zh-CN.svg', locale: 'zh-CN' },
];

// Local wall-clock times (the renderer prints local time): the same picture in every time zone.
const STARTED = new Date(2026, 10, 22, 3, 2, 11, 204).getTime();
const NOW = new Date(2026, 10, 22, 3, 14, 9).getTime();
const PID = 48213;
const TARGET = 'default';

/** gateway.log of a gateway that started and ran (the demo gateway's startup lines, Hermes' own formats). */
function gatewayLog(): string {
  const lines: [number, string, string][] = [
    [0, LOGGER.run, 'Starting Hermes Gateway...'],
    [700, LOGGER.run, 'Connecting to qqbot...'],
    [1_400, LOGGER.qq, '[QQBot:102345678] Connected'],
    [1_401, LOGGER.run, '✓ qqbot connected'],
    [1_402, LOGGER.run, 'Gateway running with 1 platform(s)'],
    [2_500, LOGGER.run, 'Press Ctrl+C to stop'],
    [2_502, LOGGER.run, 'Gateway housekeeping started (interval=60s)'],
  ];
  return lines.map(([at, logger, msg]) => formatRecord(STARTED + at, 'INFO', logger, msg)).join('\n') + '\n';
}

/** What the probes gather from that Hermes home after the gateway was SIGKILLed. */
function crashedEvidence(): Evidence {
  const { run, previous, runStartSeen } = splitRuns(parseLogText(gatewayLog()));
  return {
    target: TARGET,
    now: NOW,
    expectedPlatforms: ['qqbot'],
    process: {
      pidFile: { pid: PID, kind: 'hermes-gateway', start_time: 8843121 },
      alive: false,
      pid: PID,
      reason: 'not running',
    },
    processes: [],
    service: { manager: 'systemd', name: 'hermes-gateway.service', active: false, state: 'failed/failed' },
    state: {
      pid: PID,
      start_time: 8843121,
      gateway_state: 'running',
      exit_reason: null,
      restart_requested: false,
      active_agents: 0,
      platforms: { qqbot: { state: 'connected', error_code: null, error_message: null } },
    },
    log: { file: '/home/ops/.hermes/logs/gateway.log', run, previous, runStartSeen },
    slowTools: [],
  };
}

/** The Telegram message gatewatch sends for it: its HTML and its buttons, as the channel renders them. */
export function alertMessage(locale: Locale): { html: string; buttons: string[][] } {
  const settings: DetectSettings = {
    disconnectGraceMs: 90_000,
    storm: { disconnects: 5, withinMs: 600_000 },
    zombieAfterMs: 3_600_000,
    locale,
  };
  const findings = runDetectors(crashedEvidence(), settings);
  const { events } = step(
    {},
    TARGET,
    findings,
    NOW,
    { remindEveryMs: 3_600_000, flap: { transitions: 4, withinMs: 1_800_000 } },
    false,
  );
  const open = events.find((e) => e.kind === 'open' && e.incident.finding.severity === 'critical');
  if (!open)
    throw new Error(`no critical finding for a killed gateway; found: ${findings.map((f) => f.check).join(', ')}`);
  const alert = { ...incidentAlert(open, locale, NOW, 1_800_000), id: 'picture' };
  const kb = keyboard(alert.reply.buttons, () => undefined);
  return {
    html: renderAlert(alert, locale),
    buttons: (kb?.inline_keyboard ?? []).map((row) => row.map((b) => b.text)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Drawing. Everything is set in a monospace font, so a line's width is its column count (string-width: a CJK
// character or an emoji takes two) times the advance of one column: no browser needed to lay it out.

interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}
interface Line {
  runs: Run[];
  pre?: boolean;
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' };
const unescape = (s: string) => s.replace(/&(?:lt|gt|amp|quot);/g, (e) => ENTITIES[e]!);
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Telegram's HTML (the tags the renderer uses) → lines of styled runs. Another tag fails: the picture must not lie. */
export function parseTelegramHtml(html: string): Line[] {
  const lines: Line[] = [{ runs: [] }];
  const style = { bold: false, italic: false, pre: false };
  for (const m of html.matchAll(/<(\/?)([a-z]+)>|([^<]+)/g)) {
    if (m[3] !== undefined) {
      unescape(m[3])
        .split('\n')
        .forEach((part, i) => {
          if (i > 0) lines.push({ runs: [], ...(style.pre ? { pre: true } : {}) });
          const line = lines.at(-1)!;
          if (style.pre) line.pre = true;
          if (part)
            line.runs.push({
              text: part,
              ...(style.bold ? { bold: true } : {}),
              ...(style.italic ? { italic: true } : {}),
            });
        });
      continue;
    }
    const on = m[1] !== '/';
    if (m[2] === 'b') style.bold = on;
    else if (m[2] === 'i') style.italic = on;
    else if (m[2] === 'pre') style.pre = on;
    else throw new Error(`the picture does not draw <${m[2]}>: teach scripts/alert-picture.ts`);
  }
  return lines;
}

// CJK and full-width characters break anywhere; other text at spaces.
const TOKEN = /[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+|\s+/gu;

/** A line wrapped to `cols` columns; a word longer than a line is cut. Leading spaces of a wrapped line are dropped. */
export function wrap(line: Line, cols: number): Line[] {
  const out: Line[] = [];
  let cur: Run[] = [];
  let width = 0;
  const push = (r: Run, text: string) => {
    const last = cur.at(-1);
    if (last && last.bold === r.bold && last.italic === r.italic) last.text += text;
    else cur.push({ ...r, text });
    width += stringWidth(text);
  };
  const newline = () => {
    out.push({ runs: cur, ...(line.pre ? { pre: true } : {}) });
    cur = [];
    width = 0;
  };
  for (const r of line.runs) {
    for (const tok of r.text.match(TOKEN) ?? []) {
      const w = stringWidth(tok);
      if (/^\s+$/.test(tok) && width + w > cols) {
        newline();
        continue;
      }
      if (width + w > cols && width > 0) newline();
      if (/^\s+$/.test(tok) && width === 0 && out.length > 0 && !line.pre) continue;
      if (w <= cols) {
        push(r, tok);
        continue;
      }
      for (const ch of tok) {
        if (width + stringWidth(ch) > cols) newline();
        push(r, ch);
      }
    }
  }
  newline();
  return out;
}

const FONT =
  "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Noto Sans Mono CJK SC', 'Liberation Mono', monospace, 'Apple Color Emoji', 'Segoe UI Emoji', 'Noto Color Emoji'";
const W = 400;
const SIZE = 13;
const COL = SIZE * 0.6;
const LEAD = 18;
const PRE_SIZE = 10.5;
const PRE_COL = PRE_SIZE * 0.6;
const PRE_LEAD = 14;
const BUBBLE_X = 14;
const BUBBLE_W = W - 2 * BUBBLE_X - 24;
const PAD = 12;

/** The message as a phone shows it: a header with the bot's name, the bubble, the inline keyboard under it. */
export function drawPhone(html: string, buttons: string[][], time: string): string {
  const textCols = Math.floor((BUBBLE_W - 2 * PAD) / COL);
  const preCols = Math.floor((BUBBLE_W - 2 * PAD - 12) / PRE_COL);
  const body: string[] = [];
  let y = 72 + PAD;
  let preTop: number | undefined;
  const preBoxes: [number, number][] = [];
  for (const line of parseTelegramHtml(html)) {
    if (line.pre && preTop === undefined) {
      preTop = y;
      y += 6;
    }
    if (!line.pre && preTop !== undefined) {
      preBoxes.push([preTop, y + 6]);
      preTop = undefined;
      y += 12;
    }
    if (!line.pre && !line.runs.length) {
      y += LEAD / 2;
      continue;
    }
    for (const l of wrap(line, line.pre ? preCols : textCols)) {
      const size = l.pre ? PRE_SIZE : SIZE;
      y += l.pre ? PRE_LEAD : LEAD;
      const spans = l.runs
        .map(
          (r) =>
            `<tspan${r.bold ? ' font-weight="700"' : ''}${r.italic ? ' font-style="italic" fill="#5b6b7a"' : ''}>${xml(r.text)}</tspan>`,
        )
        .join('');
      body.push(
        `<text x="${BUBBLE_X + PAD + (l.pre ? 6 : 0)}" y="${y - 4}" font-size="${size}"${l.pre ? ' fill="#33475b"' : ''} xml:space="preserve">${spans}</text>`,
      );
    }
  }
  if (preTop !== undefined) preBoxes.push([preTop, y + 6]);
  y += 22;
  const bubbleBottom = y;
  body.push(
    `<text x="${BUBBLE_X + BUBBLE_W - PAD}" y="${y - 8}" font-size="10.5" fill="#8a9aa8" text-anchor="end">${xml(time)}</text>`,
  );
  const keys: string[] = [];
  y += 6;
  for (const row of buttons) {
    const bw = (BUBBLE_W - 6 * (row.length - 1)) / row.length;
    row.forEach((label, i) => {
      const x = BUBBLE_X + i * (bw + 6);
      keys.push(`<rect x="${x}" y="${y}" width="${bw}" height="34" rx="8" fill="#000" fill-opacity="0.22"/>`);
      keys.push(
        `<text x="${x + bw / 2}" y="${y + 22}" font-size="13" fill="#fff" font-weight="700" text-anchor="middle">${xml(label)}</text>`,
      );
    });
    y += 40;
  }
  const H = y + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${xml(FONT)}" fill="#0f1419">`,
    `<rect x="0.5" y="0.5" width="${W - 1}" height="${H - 1}" rx="28" fill="#7fa6c7" stroke="#1c2733"/>`,
    `<path d="M0.5 28.5a28 28 0 0 1 28-28h${W - 57}a28 28 0 0 1 28 28v27.5h-${W - 1}z" fill="#517da2"/>`,
    `<circle cx="36" cy="34" r="15" fill="#e17076"/>`,
    `<text x="36" y="39" font-size="14" fill="#fff" font-weight="700" text-anchor="middle">g</text>`,
    `<text x="62" y="39" font-size="15" fill="#fff" font-weight="700">gatewatch</text>`,
    `<rect x="${BUBBLE_X}" y="72" width="${BUBBLE_W}" height="${bubbleBottom - 72}" rx="14" fill="#fff"/>`,
    ...preBoxes.map(
      ([a, b]) =>
        `<rect x="${BUBBLE_X + PAD - 2}" y="${a}" width="${BUBBLE_W - 2 * PAD + 4}" height="${b - a}" rx="5" fill="#eef2f5"/>`,
    ),
    ...body,
    ...keys,
    '</svg>',
    '',
  ].join('\n');
}

/** The picture for one locale, as the committed file holds it. */
export function alertPicture(locale: Locale): string {
  const { html, buttons } = alertMessage(locale);
  const d = new Date(NOW);
  return drawPhone(
    html,
    buttons,
    `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const p of PICTURES) {
    writeFileSync(path.join(ROOT, p.file), alertPicture(p.locale));
    console.log(`wrote ${p.file}`);
  }
}
