// A platform whose install is broken (issue 60 item 6): a module or package it imports is missing, so it fails at
// every start. After an update that did not finish installing, WhatsApp's Node bridge dies at once with Node's
// `Cannot find module …` in platforms/whatsapp/bridge.log (hermes-gateway-current.md §6) while the runner says only
// `Reconnect whatsapp failed` and the service's stdout file only `[Whatsapp] Bridge process died (exit code 1)`.
// Hermes retries forever and a restart starts the same broken install, so the cause decides the advice wherever its
// line lies: a platform's own error, a line beside gateway.log, or the bridge's log. The error kind is the
// classifier's (src/util/error-kind.ts), not a sentence of one file.
import path from 'node:path';
import type { Detector, Evidence, LogRecord } from '../evidence.js';
import { platformOfLine } from '../probes/line-platform.js';
import type { Finding } from '../types.js';
import { kindWords } from '../util/error-kind.js';
import { currentRun, finding, processAlive } from './common.js';
import { latestError, openOutage, readRunOutages } from './outages.js';
import { entryFact, liveEntries, type Entry } from './platform-entries.js';

const INSTALL = kindWords('install');
/** The module the error names: Node's and CPython's words. */
const MISSING = /Cannot find (?:module|package) '([^']+)'|No module named '([^']+)'|cannot import name '([^']+)'/;
/** The file whose import failed: Node's ESM `imported from <file>`, or the first entry of its CJS `Require stack:`. */
const IMPORTER = /\bimported from (\/\S+)|^- (\/\S+\.[cm]?js)$/;
/** The bridge came up after the error: the install is whole again. */
const BRIDGE_UP = /WhatsApp connected!/;
/** bridge.log not written for this long, WhatsApp not even in the state file: it is history. */
const BRIDGE_RECENT_MS = 60 * 60_000;

interface Broken {
  platform: string;
  /** The error line, as written. */
  error: string;
  /** Where it was read: a file, or the log's record. */
  where: string;
  /** The folder whose packages a Node program imports, when the error names its file. */
  dir?: string;
  evidence: string[];
}

const notConnected = (entries: Entry[], platform: string) =>
  entries.find((e) => e.key === platform)?.st.state !== 'connected';

/** The importer named within a few lines after the error (Node prints its require stack right after). */
function importerDir(lines: readonly string[], at: number): string | undefined {
  for (const l of lines.slice(at, at + 4)) {
    const m = IMPORTER.exec(l.trim());
    if (m) return path.dirname(m[1] ?? m[2]!);
  }
  return undefined;
}

/** WhatsApp's bridge.log: its last error of the kind after its last `connected` (the root's target only). */
function fromBridge(ev: Evidence, entries: Entry[]): Broken | undefined {
  const bridge = ev.hermes?.serving?.role === 'served' ? undefined : ev.hermes?.whatsappBridge;
  if (!bridge) return undefined;
  const tail = bridge.tail;
  let bad = -1;
  let named = -1;
  let up = -1;
  for (let i = 0; i < tail.length; i++) {
    if (BRIDGE_UP.test(tail[i]!)) up = i;
    else if (INSTALL.test(tail[i]!)) {
      bad = i;
      // Node's `Error: Cannot find module 'x'` names it; its `code: 'MODULE_NOT_FOUND'` further down only confirms it.
      if (MISSING.test(tail[i]!)) named = i;
    }
  }
  const wa = entries.find((e) => e.key === 'whatsapp');
  const current = wa ? wa.st.state !== 'connected' : ev.now - bridge.mtimeMs < BRIDGE_RECENT_MS;
  if (bad < 0 || bad < up || !current) return undefined;
  const at = named > up ? named : bad;
  const dir = importerDir(tail, at);
  return {
    platform: 'whatsapp',
    error: tail[at]!.trim(),
    where: bridge.file,
    ...(dir ? { dir } : {}),
    evidence: [...(wa ? [entryFact(wa)] : []), `${bridge.file}: ${tail[at]!.trim()}`],
  };
}

/** A record's own line or a line of its traceback that says it. */
const saysInstall = (r: LogRecord): string | undefined => [r.message, ...(r.extra ?? [])].find((l) => INSTALL.test(l));

/** A platform's lines (its outage's latest error, a library's line beside gateway.log) of the current run. */
function fromLines(ev: Evidence, entries: Entry[]): Broken[] {
  const out: Broken[] = [];
  const outages = readRunOutages(ev);
  for (const platform of new Set(outages.map((x) => x.platform))) {
    const e = ((x) => x && latestError(x))(openOutage(outages, platform));
    if (!e?.text || !INSTALL.test(e.text) || !notConnected(entries, platform)) continue;
    out.push({ platform, error: e.text, where: ev.log.file, evidence: [e.record.line] });
  }
  const from = currentRun(ev).startedAt ?? -Infinity;
  for (const r of ev.hermes?.agentOnly ?? []) {
    if (r.ts < from || r.ts > ev.now) continue;
    const said = saysInstall(r);
    const platform = said ? platformOfLine(r) : undefined;
    if (!said || !platform || !notConnected(entries, platform)) continue;
    const lines = [r.message, ...(r.extra ?? [])];
    const dir = importerDir(lines, lines.indexOf(said));
    out.push({ platform, error: said.trim(), where: r.logger, ...(dir ? { dir } : {}), evidence: [r.line] });
  }
  return out;
}

const installBroken: Detector = {
  check: 'install_broken',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const entries = liveEntries(ev);
    const found = [fromBridge(ev, entries), ...fromLines(ev, entries)].filter((b): b is Broken => !!b);
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const b of found.reverse()) {
      if (seen.has(b.platform)) continue;
      seen.add(b.platform);
      const m = MISSING.exec(b.error);
      out.push(
        finding(ev, s, {
          check: 'install_broken',
          severity: 'critical',
          // Every start imports the same missing module: Hermes' own retries fail, and so would a restart.
          restart: 'never',
          platform: b.platform,
          params: {
            module: m ? (m[1] ?? m[2] ?? m[3])! : b.error,
            error: b.error,
            where: b.where,
            install: b.dir
              ? { key: 'finding.install_broken.install.node', params: { dir: b.dir } }
              : { key: 'finding.install_broken.install.any' },
          },
          evidence: b.evidence,
        }),
      );
    }
    return out;
  },
};

export const installDetectors: Detector[] = [installBroken];
