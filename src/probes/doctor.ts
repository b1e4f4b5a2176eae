// Deployment lint material for `doctor`: the unit/plist Hermes installed and every proxy variable on the Feishu path
// (the lark SDK's websocket honours HTTP(S)_PROXY/ALL_PROXY). Values are redacted before they leave this module.
import { stat } from '../util/file-calls.js';
import path from 'node:path';
import type { DoctorEvidence, ServiceEvidence } from '../evidence.js';
import type { TargetConfig } from '../config/schema.js';
import { hostOf, type HostOptions } from './host.js';
import { redact } from '../util/redact.js';
import { parseEnviron, readPidFile } from './process.js';
import { parseDotenv, readDotenv } from '../util/dotenv.js';
import { labelName, plistPath, unitName, unitPath, type Scope } from './service.js';
import { KiB, MiB, readCapped } from '../util/read-capped.js';

const PROXY_NAME = /^(https?|all)_proxy$/i;

type Proxy = DoctorEvidence['proxies'][number];

/** `http://user:pass@host:3128` → `http://***@host:3128`; anything before an `@` in the authority is a credential. */
function redactProxyValue(v: string): string {
  return v.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@\s]+@/i, '$1***@');
}

export async function gatherDoctorEvidence(
  target: TargetConfig,
  svc: ServiceEvidence,
  opts: HostOptions = {},
): Promise<DoctorEvidence> {
  const host = hostOf(opts);
  const ev: DoctorEvidence = { proxies: [] };
  const add = (source: string, pairs: [string, string][]) => {
    for (const [name, value] of pairs) {
      if (!PROXY_NAME.test(name) || !value.trim()) continue;
      const p: Proxy = { source, name, value: redactProxyValue(value) };
      if (!ev.proxies.some((q) => q.source === p.source && q.name === p.name && q.value === p.value))
        ev.proxies.push(p);
    }
  };

  const label = svc.manager === 'launchd' && svc.name ? svc.name : labelName(target);
  const plist = plistPath(label, host);
  const plistText = await readText(plist);
  if (plistText !== undefined) {
    ev.launchdPlist = { path: plist, text: redact(plistText) };
    add(plist, plistEnvironment(plistText));
  }

  const unit = svc.manager === 'systemd' && svc.name ? svc.name : unitName(target);
  const scopes: Scope[] = target.service.scope === 'system' ? ['system', 'user'] : ['user', 'system'];
  for (const scope of scopes) {
    const p = unitPath(unit, scope, host);
    const text = await readText(p);
    if (text === undefined) continue;
    ev.systemdUnit = { path: p, text: redact(text) };
    add(p, unitEnvironment(text));
    for (const f of unitEnvironmentFiles(text)) {
      const envText = await readDotenv(f);
      if (envText !== undefined) add(f, parseDotenv(envText));
    }
    break;
  }

  if (host.platform === 'linux') {
    const pids = new Set<number>();
    if (svc.mainPid) pids.add(svc.mainPid);
    const { record } = await readPidFile(target.pid_file);
    if (record) pids.add(record.pid);
    for (const pid of pids) {
      const raw = await readText(`/proc/${pid}/environ`, 256 * KiB, true);
      if (raw !== undefined) add(`gateway environment (pid ${pid})`, Object.entries(parseEnviron(raw)));
    }
  }

  if (!(await isDirectory(target.hermes_home))) ev.hermesHomeMissing = target.hermes_home;

  const dotenv = path.join(target.hermes_home, '.env');
  const dotenvText = await readDotenv(dotenv);
  if (dotenvText !== undefined) add(dotenv, parseDotenv(dotenvText));
  return ev;
}

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Units, plists and .env files are small; a FIFO or a device at one of these paths is skipped, never waited on. */
async function readText(p: string, maxBytes = MiB, truncate = false): Promise<string | undefined> {
  try {
    return await readCapped(p, maxBytes, { truncate });
  } catch {
    return undefined;
  }
}

/** Assignments of every `Environment=` line; systemd allows several per line, each optionally quoted. */
function unitEnvironment(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*Environment\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    for (const word of splitQuoted(m[1]!)) {
      const eq = word.indexOf('=');
      if (eq > 0) out.push([word.slice(0, eq), word.slice(eq + 1)]);
    }
  }
  return out;
}

function unitEnvironmentFiles(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*EnvironmentFile\s*=\s*-?(\S+)\s*$/.exec(line);
    if (m && path.isAbsolute(m[1]!)) out.push(m[1]!);
  }
  return out;
}

function splitQuoted(s: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return words;
}

/** `<key>NAME</key><string>value</string>` pairs inside the plist's EnvironmentVariables dict. */
function plistEnvironment(text: string): [string, string][] {
  const dict = /<key>\s*EnvironmentVariables\s*<\/key>\s*<dict>([\s\S]*?)<\/dict>/.exec(text);
  if (!dict) return [];
  const out: [string, string][] = [];
  const re = /<key>\s*([^<]+?)\s*<\/key>\s*<string>([^<]*)<\/string>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(dict[1]!))) out.push([m[1]!, unescapeXml(m[2]!)]);
  return out;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
