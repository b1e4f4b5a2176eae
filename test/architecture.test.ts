// The house rules of docs/architecture.md, checked on the source: imports run one way (no cycles, type-only imports
// included), and commands reach neither the composition root nor any channel or notifier implementation.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from '../src/util/zod.js';
import { registry } from '../src/channels/plugins.js';
import { createRegistry } from '../src/channels/registry.js';
import { definePlugin } from '../src/channel-kit/plugin.js';
import { httpUrl } from '../src/config/http-url.js';
import { issueText, saidIn } from '../src/config/schema-text.js';
import { wordsOf } from '../src/i18n.js';
import { configLoader } from '../src/config/load.js';
import { alertTitle, PLAIN, renderReply } from '../src/delivery/render-markdown.js';
import { judge, notifierChannel, postJson } from '../src/channel-kit/http.js';
import { pluginHost } from './helpers/channels.js';
import { functionLengths } from './helpers/function-lengths.js';
import { SUPERVISED } from './helpers/supervised-files.js';
import { HERMES_PLATFORMS } from '../src/platforms/index.js';
import { SUPERVISORS } from '../src/probes/supervisors/index.js';
import { checkIds } from '../src/detectors/index.js';
import { en as catalogueEn } from '../src/text/en.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

const FILES = [...sources('src'), ...sources('commands')].sort();
const KNOWN = new Set(FILES);
// Comments out, then every static `import … from '…'` and `export … from '…'` (type-only too); `import()` is not one.
const IMPORT = /(?:^|[;}\n])\s*(?:import|export)\s+(?:type\s+)?(?:[\w$*{},\s]*?\s+from\s*)?(['"])([^'"\n]+)\1/g;
const stripComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');

function importsOf(file: string): string[] {
  const out = new Set<string>();
  for (const m of stripComments(readFileSync(path.join(ROOT, file), 'utf8')).matchAll(IMPORT)) {
    const spec = m[2]!;
    if (!spec.startsWith('.')) continue;
    const base = path.join(path.dirname(file), spec).replace(/\.js$/, '');
    const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => KNOWN.has(c));
    if (hit && hit !== file) out.add(hit);
  }
  return [...out];
}

const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

// What loads when a module loads: its static imports but the type-only ones (`import type`, `export type`).
const RUNTIME_IMPORT = /(?:^|[;}\n])\s*(?:import|export)\s+(?!type\s)(?:[\w$*{},\s]*?\s+from\s*)?(['"])([^'"\n]+)\1/g;
const RUNTIME = new Map(
  FILES.map((f) => {
    const out = new Set<string>();
    for (const m of stripComments(readFileSync(path.join(ROOT, f), 'utf8')).matchAll(RUNTIME_IMPORT)) {
      const base = path.join(path.dirname(f), m[2]!).replace(/\.js$/, '');
      const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => KNOWN.has(c));
      if (m[2]!.startsWith('.') && hit && hit !== f) out.add(hit);
    }
    return [f, [...out]];
  }),
);

/** Strongly connected components of more than one file (Tarjan). */
function cycles(): string[][] {
  let i = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, i);
    low.set(v, i++);
    stack.push(v);
    on.add(v);
    for (const w of GRAPH.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const f of FILES) if (!index.has(f)) visit(f);
  return out;
}

/** Every file reachable from `file` through static imports (of `graph`: every one, or only what loads with it). */
function reach(file: string, graph = GRAPH): Set<string> {
  const seen = new Set<string>();
  const todo = [file];
  while (todo.length) for (const w of graph.get(todo.pop()!) ?? []) if (!seen.has(w)) seen.add(w), todo.push(w);
  return seen;
}

/**
 * The layers, bottom first: a file may import its own folder and any layer below its own, nothing beside it or above
 * it. A unit is a folder of src (`probes/`), a file at its top (`types.ts`) or `commands`. The top layer is the
 * composition root, whose files wire the rest and import each other. docs/architecture.md draws this list.
 */
const LAYERS: string[][] = [
  ['text/'],
  ['types.ts'],
  ['util/'],
  ['i18n.ts'],
  ['evidence/'],
  ['evidence.ts'],
  ['config/', 'state/'],
  ['probes/'],
  ['detectors/'],
  ['platforms/'],
  ['watch/'],
  ['incidents/'],
  ['history/'],
  ['actions/'],
  ['delivery/'],
  ['core/'],
  ['demo/', 'deploy/'],
  ['channel-kit/'],
  ['chats/', 'notifiers/'],
  ['channels/'],
  ['commands'],
  ['control/', 'ops/', 'init/'],
  // The composition root.
  [
    'app-types.ts',
    'operations.ts',
    'stages/',
    'app.ts',
    'cli-io.ts',
    'cli-errors.ts',
    'cli-help.ts',
    'cli-check.ts',
    'cli-check-jitless.ts',
    'cli-check-in-turn.ts',
    'cli-check-entry.ts',
    'cli/',
    'cli.ts',
    'cli-entry.ts',
    'main.ts',
  ],
];
const ROOT_ROW = LAYERS.length - 1;
/** A file of the composition root (the top layer). */
const ROOT_FILE = (f: string) => LAYERS[ROOT_ROW]!.includes(unitOf(f));

/** A file's unit: its folder under src (`probes/`), itself when it sits at src's top (`types.ts`), or `commands`. */
function unitOf(f: string): string {
  if (f.startsWith('commands/')) return 'commands';
  const parts = f.split('/');
  return parts.length === 2 ? parts[1]! : `${parts[1]}/`;
}

describe('imports run one way', () => {
  it('the parser sees the imports it should (a known edge)', () => {
    expect(GRAPH.get('commands/registry.ts')).toContain('commands/verbs/status.ts');
    expect(GRAPH.get('src/app.ts')).toContain('src/types.ts');
  });

  it('no import cycle under src and commands', () => {
    expect(cycles()).toEqual([]);
  });

  it('every import goes down the layers, never up nor sideways (docs/architecture.md draws the same list)', () => {
    const rank = (f: string) => LAYERS.findIndex((row) => row.includes(unitOf(f)));
    const up = FILES.flatMap((f) =>
      GRAPH.get(f)!
        .filter((g) => unitOf(g) !== unitOf(f) && rank(g) >= rank(f) && rank(f) < ROOT_ROW)
        .map((g) => `${f} (${unitOf(f)}) → ${g} (${unitOf(g)})`),
    );
    expect(up).toEqual([]);
  });

  it('the layers name every folder and file of src and commands once, and the check sees what it should', () => {
    const named = LAYERS.flat();
    expect(named.filter((u, i) => named.indexOf(u) !== i)).toEqual([]);
    expect([...new Set(FILES.map(unitOf))].filter((u) => !named.includes(u))).toEqual([]);
    // A known downward arrow passes, a known upward one (a platform into the detectors) would not.
    const rank = (u: string) => LAYERS.findIndex((row) => row.includes(u));
    expect(rank('detectors/')).toBeLessThan(rank('platforms/'));
    expect(rank('chats/')).toBe(rank('notifiers/'));
  });

  it("docs/architecture.md's drawing is the layer list, top first", () => {
    const doc = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
    const drawing = /```\n([\s\S]*?)```/.exec(doc)![1]!;
    // Each layer is a block of the drawing between its ▲ lines; its units are the paths it names.
    const rows = drawing
      .split(/^\s*▲\s*$/m)
      .map((block) => [
        ...new Set([...block.matchAll(/\b(?:src\/([\w-]+(?:\/|\.ts))|(commands)\/)/g)].map((m) => m[1] ?? m[2]!)),
      ])
      .reverse();
    expect(rows.slice(0, ROOT_ROW)).toEqual(LAYERS.slice(0, ROOT_ROW));
  });

  it("the command registry loads no command's run: the CLI reads it at every start to build its verbs", () => {
    // The declarations and what they are made of: the registry's own helpers, the bottom layer, and the few plain
    // leaves a declaration names (the windows of /uptime, where the demo's scripts are). A command's run is loaded when it
    // runs (runIn), not with the list.
    const light =
      /^commands\/(registry|types|args|targets|command-line|verbs\/\w+)\.ts$|^src\/(config|text|util|state)\/|^src\/(i18n|types|evidence)\.ts$|^src\/platforms\/(\w+\/)?(lines|words)\.ts$|^src\/history\/model\.ts$|^src\/demo\/script-path\.ts$/;
    const loaded = reach('commands/registry.ts', RUNTIME);
    expect([...loaded].filter((f) => !light.test(f))).toEqual([]);
    // The check sees what it should: the registry loads a declaration, and not a declaration's run.
    expect(loaded).toContain('commands/verbs/uptime.ts');
    expect(loaded).not.toContain('commands/uptime.ts');
  });

  it('only the composition root itself (the CLI entry points and the command ports) imports src/app.ts', () => {
    const root = (f: string) => f.startsWith('src/cli') || f === 'src/main.ts' || f === 'src/operations.ts';
    expect(FILES.filter((f) => !root(f) && GRAPH.get(f)!.includes('src/app.ts'))).toEqual([]);
  });

  it('no command reaches the composition root or a channel or notifier implementation', () => {
    // Plugin interfaces and the registry's types are fine; a channel's own folder and the notifiers are not.
    const forbidden = (f: string) =>
      f === 'src/app.ts' ||
      f === 'src/operations.ts' ||
      f === 'src/main.ts' ||
      f.startsWith('src/cli') ||
      f.startsWith('src/notifiers/') ||
      f.startsWith('src/ops/') ||
      f.startsWith('src/control/server') ||
      f.startsWith('src/channels/') ||
      f.startsWith('src/chats/');
    const bad = FILES.filter((f) => f.startsWith('commands/')).flatMap((c) =>
      [...reach(c)].filter(forbidden).map((f) => `${c} → ${f}`),
    );
    expect(bad).toEqual([]);
  });
});

describe('one clock', () => {
  // The clock module and the composition roots that pick the real clock; node-cron only where the schedule's
  // expression is parsed (config validation, and the clock-driven schedule).
  const TIMERS_ALLOWED = new Set(['src/util/clock.ts', 'src/app.ts', 'src/cli.ts', 'src/main.ts']);
  const CRON_ALLOWED = new Set(['src/util/cron.ts', 'src/util/schedule.ts']);
  // A socket's own idle timeout (sock.setTimeout) is not a timer of ours: a method call is not matched. Date.now is
  // matched called or not (a `now = Date.now` default is the system's clock all the same).
  const TIMER =
    /(?<![.\w$])(?:setTimeout|setInterval|clearTimeout|clearInterval)\b|\bDate\.now\b|\bnew Date\(\)|\btimers\/promises\b/g;
  const CRON = /['"]node-cron['"]/g;
  const hits = (re: RegExp, allowed: Set<string>) =>
    FILES.filter((f) => !allowed.has(f)).flatMap((f) => {
      const text = stripComments(readFileSync(path.join(ROOT, f), 'utf8'));
      return [...text.matchAll(re)].map((m) => `${f}: ${m[0]}`);
    });

  it('no setTimeout, setInterval, Date.now, new Date() or timers/promises outside the clock module and the composition root', () => {
    expect(hits(TIMER, TIMERS_ALLOWED)).toEqual([]);
  });

  // A deadline or a measure of time is the clock's too: AbortSignal.timeout keeps a timer no test's clock can move
  // (the clock's deadline() does not), performance.now() is monotonicMs() in the clock module.
  const OTHER_TIME = /\bAbortSignal\.timeout\b|\bperformance\.now\b/g;
  it('no AbortSignal.timeout or performance.now outside the clock module', () => {
    expect(hits(OTHER_TIME, new Set(['src/util/clock.ts']))).toEqual([]);
  });

  // The clock is handed in: a default to the system's clock hides a part that was never given the root's (only the
  // root picks it, and the demo, a program of its own that runs on real time).
  const SYSTEM_CLOCK = /\bsystemClock\b/g;
  it('no systemClock outside the clock module, the composition root and the demo: every other part takes the clock it is given', () => {
    const own = new Set(FILES.filter((f) => TIMERS_ALLOWED.has(f) || ROOT_FILE(f) || f.startsWith('src/demo/')));
    expect(hits(SYSTEM_CLOCK, own)).toEqual([]);
  });

  it('no node-cron outside the schedule (the daemon schedules on the clock)', () => {
    expect(hits(CRON, CRON_ALLOWED)).toEqual([]);
  });

  it('the checks see what they should (known uses in the clock module and the root)', () => {
    expect(stripComments(readFileSync(path.join(ROOT, 'src/util/clock.ts'), 'utf8')).match(TIMER)).toEqual(
      expect.arrayContaining(['setTimeout', 'clearTimeout', 'Date.now']),
    );
    expect('AbortSignal.timeout(5) performance.now()'.match(OTHER_TIME)).toEqual([
      'AbortSignal.timeout',
      'performance.now',
    ]);
    expect(stripComments(readFileSync(path.join(ROOT, 'src/app.ts'), 'utf8')).match(SYSTEM_CLOCK)).not.toBeNull();
  });
});

/**
 * A ratchet on names written out: each file of `files` names no more than its count in `now` (0 when unlisted), and
 * no listed file names fewer than its count (lowered here as a file is cleared, so that it cannot climb back).
 */
function ratchet(now: Record<string, number>, files: readonly string[], named: (f: string) => number): string[] {
  const more = files
    .map((f) => [f, named(f)] as const)
    .filter(([f, n]) => n > (now[f] ?? 0))
    .map(([f, n]) => `${f}: ${n} (was ${now[f] ?? 0})`);
  const lower = Object.entries(now)
    .filter(([f, n]) => named(f) < n)
    .map(([f, n]) => `${f}: ${named(f)} (listed ${n})`);
  return [...more, ...lower];
}

describe('a supervisor is named by its adapter', () => {
  // Each supervisor's words, files and commands are its adapter's (src/probes/supervisors/<kind>.ts), its kind listed
  // once (src/evidence/service.ts). Where a kind is still written out elsewhere (issue 81 item 1: init's layouts, the
  // container runtimes' probes), no file may name one more time than it does now, and no other file may start to: a
  // new supervisor costs its file and an entry, not a line in each of these. Lower a count as a file is cleared.
  const NAMED_NOW: Record<string, number> = {
    'src/cli/install.ts': 2,
    'src/deploy/install.ts': 3,
    'src/platforms/photon/detect.ts': 2,
    'src/probes/container-events.ts': 1,
    'src/probes/doctor.ts': 1,
    'src/probes/pid-namespace.ts': 3,
  };
  const KIND = /['"](pm2|supervisord|runit|s6|docker|podman|kubernetes|launchd)['"]/g;
  const own = (f: string) =>
    f.startsWith('src/probes/supervisors/') || f.startsWith('src/text/') || f === 'src/evidence/service.ts';
  const named = (f: string) => stripComments(readFileSync(path.join(ROOT, f), 'utf8')).match(KIND)?.length ?? 0;

  it('no file outside the adapters names a supervisor more often than it does now', () => {
    expect(
      ratchet(
        NAMED_NOW,
        FILES.filter((f) => !own(f)),
        named,
      ),
    ).toEqual([]);
  });

  it('the count sees what it should (a file of the list, an adapter left out)', () => {
    expect(named('src/probes/pid-namespace.ts')).toBeGreaterThan(0);
    expect(own('src/probes/supervisors/pm2.ts')).toBe(true);
    expect('x === \'pm2\' || y === "runit"'.match(KIND)).toHaveLength(2);
  });

  it("the text catalogues hold no supervisor's own words (its name, its output, its check, init's line)", () => {
    // Each is its adapter's texts' file (src/probes/supervisors/<kind>-texts.ts), registered with it. `install`'s keys
    // name systemd and launchd as what runs gatewatch itself, not a gateway. Two are shared: a gateway's output where
    // its supervisor keeps none (runit's and s6's without a logger too), and the config's commands' check, which
    // service-words.ts says of any target with commands.
    const SHARED = ['finding.service.journal.none', 'finding.service.status.command'];
    const kinds = SUPERVISORS.map((a) => a.kind).join('|');
    const OWN = new RegExp(`^(status\\.manager|finding\\.service\\.(status|journal)|init\\.home)\\.(${kinds})(_|$)`);
    expect(Object.keys(catalogueEn).filter((k) => OWN.test(k) && !SHARED.includes(k))).toEqual([]);
    expect(OWN.test('init.home.systemd_system') && OWN.test('status.manager.pm2')).toBe(true);
  });
});

describe("a platform's own checks are its folder's", () => {
  // A platform's own checks (HermesPlatform.checks: QQ's qq_banned, Telegram's polling conflict) are written, worded and
  // documented in its folder (src/platforms/<name>/) and registered by its one line in src/platforms/index.ts (issue 81
  // item 3: they were detector files, a precedence list and catalogue keys in src/detectors/ and src/text/). Only the
  // shared check a platform's check is a kind of (respawn_storm) may stand elsewhere.
  const shared = new Set(['respawn_storm']);
  const folderOf = new Map<string, string>();
  for (const p of HERMES_PLATFORMS)
    for (const c of p.checks ?? []) if (!shared.has(c.check)) folderOf.set(c.check, `src/platforms/${p.platform}/`);
  const LITERAL = /['"`]([a-z]+(?:_[a-z0-9]+)+)[.'"`]/g;
  // Hermes' own error codes that its checks share a name with (`telegram_polling_conflict` in gateway_state.json): the
  // files that read them, or write them as the demo gateway.
  const HERMES_CODES = new Set([
    'src/detectors/error-codes.ts',
    'src/probes/hermes-current.ts',
    'src/demo/current.ts',
    'src/demo/scenarios.ts',
  ]);

  it('no file outside its folder names one of them', () => {
    expect(folderOf.size).toBe(10);
    const strays = FILES.filter((f) => !HERMES_CODES.has(f)).flatMap((f) =>
      [...stripComments(readFileSync(path.join(ROOT, f), 'utf8')).matchAll(LITERAL)]
        .map((m) => m[1]!)
        .filter((id) => folderOf.has(id) && !f.startsWith(folderOf.get(id)!))
        .map((id) => `${f}: ${id}`),
    );
    expect([...new Set(strays)]).toEqual([]);
  });

  it("nor a text key of theirs: their words are the platform's", () => {
    const catalogue = Object.keys(catalogueEn).filter((k) => folderOf.has(k.split('.')[1]!));
    expect(Object.keys(catalogueEn).some((k) => k.startsWith('finding.process_down.'))).toBe(true);
    expect(catalogue).toEqual([]);
  });
});

describe('a finding kind is named where it is declared', () => {
  // Issue 81 item 2: a check's meaning, words and docs are declared with it (its detector's `check:` and `meaning`, its
  // texts, its docs row), so a new kind costs its detector and those entries. Where check ids are still written out
  // elsewhere (the platform causes' precedence in src/detectors/index.ts, a platform's finding's variants), no file may
  // name them more often than it does now, and no other file may start to. Lower a count as a file
  // is cleared. A cause's meaning names the findings it explains (`explains`): those are counted too, with the cause.
  const NAMED_NOW: Record<string, number> = {
    'src/types.ts': 1,
    'src/core/evaluation.ts': 2,
    'src/core/remediate-auto.ts': 1,
    'src/detectors/config-ignored.ts': 1,
    'src/detectors/container-paused.ts': 1,
    'src/detectors/finding.ts': 4,
    'src/detectors/hermes-current.ts': 3,
    'src/detectors/hermes-platforms.ts': 2,
    'src/detectors/index.ts': 10,
    'src/detectors/process.ts': 1,
    'src/detectors/provider-auth.ts': 1,
    'src/detectors/restart-loop.ts': 2,
    'src/detectors/startup-held.ts': 6,
    'src/detectors/turns-failing.ts': 2,
    'src/detectors/update-snapshot.ts': 1,
    'src/platforms/platform.ts': 3,
    'src/probes/agent-tail.ts': 1,
    'src/util/error-kind.ts': 2,
    // The shared causes a platform's own checks rank before (`before: 'platform_auth_failed'`), and its docs' rows.
    'src/platforms/feishu/checks.ts': 1,
    'src/platforms/feishu/docs.ts': 3,
    'src/platforms/qqbot/checks.ts': 4,
    'src/platforms/qqbot/docs.ts': 4,
    'src/platforms/telegram/conflict.ts': 1,
    'src/platforms/whatsapp/docs.ts': 3,
    'src/platforms/whatsapp/orphan.ts': 1,
    'src/platforms/whatsapp/qr.ts': 1,
  };
  // Hermes' own error codes that checks share a name with (`telegram_polling_conflict` in gateway_state.json).
  const HERMES_CODES = new Set([
    'src/detectors/error-codes.ts',
    'src/probes/hermes-current.ts',
    'src/demo/current.ts',
    'src/demo/scenarios.ts',
  ]);
  const ids = new Set(checkIds);
  const text = new Map(FILES.map((f) => [f, stripComments(readFileSync(path.join(ROOT, f), 'utf8'))]));
  const homes = new Map<string, string[]>();
  // A declaration or a finding written (`check: 'x',` on its line); not an entry of what a meaning explains
  // (`explains: [{ check: 'x' }]`), which names a check declared elsewhere.
  for (const [f, s] of text)
    for (const m of s.matchAll(/(?<!\{ )\bcheck: ['"]([a-z_0-9]+)['"]/g))
      if (ids.has(m[1]!)) homes.set(m[1]!, [...(homes.get(m[1]!) ?? []), f]);
  // Its declaration's file, or its platform's folder (a platform's check is its folder's, docs and words with it).
  const own = (f: string, id: string) =>
    (homes.get(id) ?? []).some((h) => h === f || (h.startsWith('src/platforms/') && f.startsWith(path.dirname(h))));
  const named = (f: string) =>
    [...(text.get(f) ?? '').matchAll(/['"`]([a-z]+(?:_[a-z0-9]+)+)['"`]/g)].filter(
      (m) => ids.has(m[1]!) && !own(f, m[1]!),
    ).length;

  it('no file names a check declared elsewhere more often than it does now', () => {
    const files = FILES.filter((f) => !f.startsWith('src/text/') && !HERMES_CODES.has(f));
    expect(ratchet(NAMED_NOW, files, named)).toEqual([]);
  });

  it('the count sees what it should (a declaration found, a filter counted)', () => {
    expect(homes.get('process_down')).toContain('src/detectors/process.ts');
    expect(named('src/detectors/index.ts')).toBeGreaterThan(5);
    expect(named('src/detectors/provider-auth.ts')).toBe(1);
    expect(named('src/detectors/process.ts')).toBeLessThan(named('src/detectors/index.ts'));
  });
});

describe("the evaluation reads a look through the detectors' verdict", () => {
  // Issue 81 item 2: core/evaluation.ts asked the evidence again through helpers of the detector modules (alive, stopped
  // at, serving since, update held, prior death, unjudged), 13 names from 7 modules. The detectors' verdict
  // (src/detectors/verdict.ts) now says those beside the findings; what is left judges findings, not evidence.
  const READERS = [
    'runDetectors',
    'processAlive',
    'servingSince',
    'operatorStoppedAt',
    'plannedStopAt',
    'priorDeath',
    'updateWindowLive',
    'unjudgedChecks',
  ];
  const fromDetectors = (text: string) =>
    [...text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'\.\.\/detectors\/[^']+'/g)].flatMap((m) =>
      m[1]!
        .split(',')
        .map((n) => n.trim().replace(/^type\s+/, ''))
        .filter(Boolean),
    );

  it('imports none of the readers the verdict holds, and few names from the detectors at all', () => {
    const names = fromDetectors(readFileSync(path.join(ROOT, 'src/core/evaluation.ts'), 'utf8'));
    expect(names.filter((n) => READERS.includes(n))).toEqual([]);
    expect(names.length).toBeLessThanOrEqual(7);
  });

  it('the count sees what it should (an import of several names, a type among them)', () => {
    const text = "import { a, type B } from '../detectors/x.js';\nimport { c } from '../incidents/y.js';";
    expect(fromDetectors(text)).toEqual(['a', 'B']);
  });
});

describe('short functions', () => {
  // A function a reader can hold at once: its body at most this many lines, wherever it is. The text catalogues
  // (src/text/) are data, not functions, and are not held to it.
  const MAX_LINES = 150;

  it(`no function of src or commands runs over ${MAX_LINES} lines (the text catalogues excepted)`, () => {
    const long = FILES.filter((f) => !f.startsWith('src/text/')).flatMap((f) =>
      functionLengths(readFileSync(path.join(ROOT, f), 'utf8'), f)
        .filter((fn) => fn.lines > MAX_LINES)
        .map((fn) => `${f}:${fn.line} ${fn.name}: ${fn.lines} lines`),
    );
    expect(long).toEqual([]);
  });

  it('the count sees what it should (a known function, a long one, types and comments kept in the count)', () => {
    const known = functionLengths(readFileSync(path.join(ROOT, 'src/core/back-edge.ts'), 'utf8'));
    expect(known.map((fn) => fn.name)).toContain('backEdge');
    const body = Array.from({ length: 160 }, (_, i) => `  // line ${i}\n  const x${i}: number = ${i};`).join('\n');
    const source = `interface A {\n  a: string;\n}\nexport const f = (a: A): number => {\n${body}\n  return 1;\n};\nclass C {\n  m(): void {}\n}\n`;
    expect(functionLengths(source)).toEqual([
      { name: 'f', line: 4, lines: 323 },
      { name: 'm', line: 328, lines: 1 },
    ]);
  });
});

describe('short files', () => {
  // A file a reader can open and see whole (issue 81 item 4): src, commands and the build's scripts at most this many
  // lines. The text catalogues are data; a file past it is split where its parts already are.
  const MAX_FILE_LINES = 600;
  const scripts = readdirSync(path.join(ROOT, 'scripts'))
    .filter((f) => /\.(mjs|ts)$/.test(f))
    .map((f) => `scripts/${f}`);
  const lines = (f: string) => readFileSync(path.join(ROOT, f), 'utf8').split('\n').length;

  it(`no file of src, commands or scripts runs over ${MAX_FILE_LINES} lines (the text catalogues excepted)`, () => {
    const long = [...FILES.filter((f) => !f.startsWith('src/text/')), ...scripts]
      .filter((f) => lines(f) > MAX_FILE_LINES)
      .map((f) => `${f}: ${lines(f)} lines`);
    expect(long).toEqual([]);
  });

  it('the count sees what it should (a catalogue is long, the scripts are read)', () => {
    expect(lines('src/text/en.ts')).toBeGreaterThan(MAX_FILE_LINES);
    expect(scripts).toContain('scripts/bundle.mjs');
  });
});

describe('a CLI run meets the process in one place', () => {
  // The CLI's modules write, read the environment and exit through src/cli-io.ts, and every module finds HOME, the temp
  // directory and the cwd through src/util/run-env.ts: a run inside another process (test/helpers/cli-run.ts) is then the same run.
  const CLI_FILES = FILES.filter((f) => f.startsWith('src/cli') && f !== 'src/cli-io.ts');
  const PROCESS_IO = /\bprocess\.(?:stdout|stderr|stdin|env|exit\b)/g;
  const HOME_OR_CWD = /\bhomedir\(\)|\btmpdir\(\)|\bprocess\.cwd\(\)/g;
  const text = (f: string) => stripComments(readFileSync(path.join(ROOT, f), 'utf8'));

  it("the CLI's modules use no process stream, environment or exit of their own", () => {
    expect(CLI_FILES.flatMap((f) => [...text(f).matchAll(PROCESS_IO)].map((m) => `${f}: ${m[0]}`))).toEqual([]);
  });

  it('no module but run-env reads HOME, the temp directory or the cwd from the process (the demo is a program of its own)', () => {
    const own = FILES.filter((f) => f !== 'src/util/run-env.ts' && !f.startsWith('src/demo/'));
    expect(own.flatMap((f) => [...text(f).matchAll(HOME_OR_CWD)].map((m) => `${f}: ${m[0]}`))).toEqual([]);
  });

  it('the checks see what they should (the process itself, in src/cli-io.ts and run-env)', () => {
    expect(text('src/cli-io.ts').match(PROCESS_IO)).toEqual(expect.arrayContaining(['process.stdout', 'process.exit']));
    expect(text('src/util/run-env.ts').match(HOME_OR_CWD)).toEqual(['process.cwd()', 'homedir()']);
  });
});

describe('tests mirror the source', () => {
  // A test of src/x/y.ts lives in test/x/; whole-product runs have folders of their own (rig: Hermes' Docker image
  // rebuilt for the tests, and its own test; docker: the runs on a real Docker engine).
  const OWN = new Set(['helpers', 'fakes', 'fixtures', 'e2e', 'chaos', 'fleet', 'docker', 'rig']);
  it('every test folder is a source folder (or one of the shared ones), and no test sits in a shared folder by mistake', () => {
    const folders = new Set(FILES.map((f) => path.dirname(f).replace(/^src\/?/, '')).map((d) => d || '.'));
    const tests = readdirSync(path.join(ROOT, 'test'), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
      .map((e) => path.relative(path.join(ROOT, 'test'), e.parentPath) || '.');
    const strays = tests.filter((d) => {
      const top = d.split('/')[0]!;
      if (OWN.has(top)) return top === 'fixtures' || top === 'fakes';
      return !folders.has(d);
    });
    expect(strays).toEqual([]);
  });
});

describe('the real supervisors run in test:supervisors', () => {
  // A file that plays a gateway under a real supervisor or Podman is listed, so `npm test` leaves it to its own script
  // (.ci/run runs both); a listed pattern that matches no file is stale.
  const HELPERS =
    /from '(?:\.\.\/)+helpers\/(?:supervised|supervised-story|real-supervisors|podman|hermes-container|docker-story|rig-story)\.js'/;
  // test/docker/ is test:docker's (a real Docker engine), which npm test leaves out by its folder.
  const tests = readdirSync(path.join(ROOT, 'test'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith('test/docker/'));
  // Its patterns use `*` within a file name only.
  const glob = (p: string) => new RegExp(`^${p.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`);
  const listed = (f: string) => SUPERVISED.some((p) => glob(p).test(f));
  it('every file that imports their helpers is listed, and every listed pattern matches a file', () => {
    const using = tests.filter((f) => HELPERS.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(using.length).toBeGreaterThan(20);
    expect(using.filter((f) => !listed(f))).toEqual([]);
    expect(SUPERVISED.filter((p) => !tests.some((f) => glob(p).test(f)))).toEqual([]);
  });
});

describe('a channel is one folder and one registry line', () => {
  it('the base config, the core types and delivery name no channel (the plugins bring their own)', () => {
    const types = registry.plugins.map((p) => p.type);
    const core = FILES.filter(
      (f) => f.startsWith('src/config/') || f.startsWith('src/delivery/') || f === 'src/types.ts',
    );
    const named = core.flatMap((f) => {
      const code = stripComments(readFileSync(path.join(ROOT, f), 'utf8'));
      return types.filter((t) => new RegExp(`['"\`]${t}['"\`]|\\b${t}_`).test(code)).map((t) => `${f}: ${t}`);
    });
    expect(named).toEqual([]);
  });
});

// docs/architecture.md's worked example, as written there: a Gotify notifier is one plugin and one registry line.
const words = {
  en: { 'config.schema.gotify_url': 'expected the Gotify server URL' },
  'zh-CN': { 'config.schema.gotify_url': '应为 Gotify 服务器的 URL' },
} as const;
const say = wordsOf(words);

const gotify = definePlugin({
  type: 'gotify',
  kind: 'notifier',
  words: async () => words,
  schema: () =>
    z.strictObject({
      url: httpUrl(saidIn(say.all('config.schema.gotify_url'))), // http: or https: only, as every URL key
      token: z.string(),
    }),
  secretKeys: ['token'],
  example: { settings: { url: 'https://push.example.org', token: '${GOTIFY_TOKEN}' } },
  create(s, host) {
    return notifierChannel({
      name: s.name,
      locale: host.locale,
      clock: host.clock,
      secrets: [s.token],
      async send(alert, locale, signal) {
        const a = await postJson(
          new URL(`/message?token=${encodeURIComponent(s.token)}`, s.url),
          {
            title: alertTitle(alert, locale),
            message: renderReply(alert.reply, PLAIN, { locale }),
            priority: alert.severity === 'critical' ? 8 : 5,
          },
          { signal }, // the outbox's send timeout, or the shell's deadline
        );
        return judge(a, { service: 'Gotify', ok: (r) => r.status >= 200 && r.status < 300 }, host.clock.now());
      },
    });
  },
});

describe("the architecture doc's worked example", () => {
  it('a new notifier plugin and its registry line are all a config needs to validate, list and deliver through it', async () => {
    // A real Gotify plugin, once there is one, gives way to this one: the example is about the steps, not the name.
    const plugins = createRegistry([...registry.plugins.filter((p) => p.type !== 'gotify'), gotify]).plugins;
    const got: { url: string; body: { title: string; priority: number } }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        got.push({ url: req.url ?? '', body: JSON.parse(body) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":1}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { parseConfig } = configLoader(plugins);
      const config = parseConfig(
        `channels:\n  notifiers:\n    - { type: gotify, url: "${base}", token: "${'A'.repeat(15)}" }\nalerts:\n  routes:\n    - { severity: [critical], channels: [gotify] }\n`,
      );
      expect(config.channelList.map((c) => `${c.kind}:${c.name}`)).toEqual(['notifier:gotify']);
      // Its keys are its own: a typo is found with its line, like any other channel's.
      expect(() =>
        parseConfig(`channels:\n  notifiers:\n    - { type: gotify, url: "${base}", token: t, tokn: x }\n`),
      ).toThrow(/config.yaml:3: key "channels.notifiers\[0\].tokn": unknown key/);
      // Its words are its own, said in the reader's locale.
      const bad = gotify.schema.safeParse({ url: 'nowhere', token: 't' }, { reportInput: true });
      expect(bad.success ? [] : bad.error.issues.map((i) => issueText(i, 'zh-CN'))).toContain(
        '应为 Gotify 服务器的 URL',
      );
      const entry = config.channelList[0]!;
      const ch = await gotify.create(
        { ...(entry.settings as { url: string; token: string }), name: entry.name },
        pluginHost(config),
      );
      const out = await ch.deliver({
        id: 'a1',
        kind: 'open',
        target: 'default',
        severity: 'critical',
        createdAt: 0,
        reply: { title: 'Gateway down' },
      });
      expect(out.status).toBe('sent');
      expect(got).toHaveLength(1);
      expect(got[0]!.url).toBe(`/message?token=${'A'.repeat(15)}`);
      expect(got[0]!.body).toMatchObject({ priority: 8, title: expect.stringContaining('Gateway down') });
    } finally {
      server.close();
    }
  });

  it('the registry refuses a second plugin of the same kind and type', () => {
    expect(() =>
      createRegistry([...registry.plugins.filter((p) => p.type !== 'gotify'), gotify, { ...gotify }]),
    ).toThrow(/two channel plugins register notifier "gotify"/);
    expect(() => createRegistry([...registry.plugins, { ...registry.chat('qq')!, operatorKey: 'other_id' }])).toThrow(
      /two channel plugins register chat "qq"/,
    );
  });
});
