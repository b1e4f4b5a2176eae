// The docs' tables of what a registry lists, written from the registries so that no doc keeps a list by hand (issue 45
// item 1): each Hermes platform's findings (its folder's docs.ts, src/platforms/<name>/) in the alert catalogue of each
// locale (docs/findings.md, docs/zh-CN/findings.md), and every push notifier (its plugin's example and limits) in
// docs/notifiers.md.
// `npm run docs:tables` rewrites them; test/docs-tables.test.ts fails while one is out of date. Each table sits between
// `<!-- docs:tables NAME … -->` and `<!-- /docs:tables -->`; everything outside the markers is written by hand.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registry } from '../src/channels/plugins.js';
import { HERMES_PLATFORMS } from '../src/platforms/index.js';
import type { DocRow, PlatformDocs } from '../src/platforms/platform.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One generated table: the file it is in, its name in the markers, and its text. */
export interface Table {
  file: string;
  name: string;
  body: string;
}

/** A platform's docs.ts: docs only, so no module of the product imports it; the folder is named after the platform. */
export async function platformDocs(platform: string): Promise<PlatformDocs> {
  const file = path.join(ROOT, 'src', 'platforms', platform, 'docs.ts');
  return ((await import(pathToFileURL(file).href)) as { docs: PlatformDocs }).docs;
}

const HEADERS = {
  en: '| Finding id | Severity | What it means | What gatewatch does | What you should do |',
  'zh-CN': '| 发现 id | 级别 | 含义 | gatewatch 的处理 | 你应该做什么 |',
};

async function platformTable(locale: 'en' | 'zh-CN'): Promise<string> {
  const rows: string[] = [];
  for (const p of HERMES_PLATFORMS) {
    for (const [id, row] of Object.entries(await platformDocs(p.platform))) {
      const r: DocRow = row[locale];
      rows.push(`| \`${id}\` | ${row.severity} | ${r.when} | ${r.restart} | ${r.action} |`);
    }
  }
  return [HEADERS[locale], '|---|---|---|---|---|', ...rows].join('\n');
}

/** A value as flow-style YAML, the way the docs write a notifier on one line. */
function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v !== null && typeof v === 'object')
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${flow(x)}`)
      .join(', ')} }`;
  if (typeof v === 'string' && !/^[\w.@-]+$/.test(v)) return JSON.stringify(v);
  return String(v);
}

function notifierTable(): string {
  const rows = registry.notifiers().map((p) => {
    const entry = flow({ type: p.type, ...(p.example.name ? { name: p.example.name } : {}), ...p.example.settings });
    return `| \`${p.type}\` | \`${entry}\` | ${p.limits?.kept ?? '–'} | ${p.limits?.wait ?? '–'} |`;
  });
  return [
    '| type | one in a config | limit kept by gatewatch | wait after the service\'s "too many" |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Every generated table, as it should read now. */
export async function tables(): Promise<Table[]> {
  return [
    { file: 'docs/findings.md', name: 'platform-findings', body: await platformTable('en') },
    { file: 'docs/zh-CN/findings.md', name: 'platform-findings', body: await platformTable('zh-CN') },
    { file: 'docs/notifiers.md', name: 'notifiers', body: notifierTable() },
  ];
}

const SOURCE: Record<string, string> = {
  'platform-findings': "each Hermes platform's src/platforms/<name>/docs.ts",
  notifiers: "each notifier plugin's example and limits",
};

/** `text` with the table `name` replaced by `body`; throws when its markers are missing. */
export function withTable(text: string, name: string, body: string): string {
  const start = new RegExp(`<!-- docs:tables ${name}\\b[^\\n]*-->\\n`);
  const m = start.exec(text);
  const end = m ? text.indexOf('<!-- /docs:tables -->', m.index) : -1;
  if (!m || end < 0) throw new Error(`no <!-- docs:tables ${name} --> … <!-- /docs:tables --> markers`);
  const head = `<!-- docs:tables ${name}: written by \`npm run docs:tables\` from ${SOURCE[name]}; edit there -->\n`;
  return `${text.slice(0, m.index)}${head}\n${body}\n\n${text.slice(end)}`;
}

/** The files whose tables are out of date, rewritten unless `check`. */
export async function writeTables(check = false): Promise<string[]> {
  const byFile = new Map<string, Table[]>();
  for (const t of await tables()) byFile.set(t.file, [...(byFile.get(t.file) ?? []), t]);
  const stale: string[] = [];
  for (const [file, ts] of byFile) {
    const full = path.join(ROOT, file);
    const before = await readFile(full, 'utf8');
    const after = ts.reduce((text, t) => withTable(text, t.name, t.body), before);
    if (after === before) continue;
    stale.push(file);
    if (!check) await writeFile(full, after);
  }
  return stale;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const check = process.argv.includes('--check');
  const stale = await writeTables(check);
  for (const f of stale) console.log(`${check ? 'out of date' : 'wrote'}: ${f}`);
  if (check && stale.length) process.exitCode = 1;
}
