// The files `gatewatch init` writes, as text: a short commented config.yaml (config.example.yaml has the rest) and the
// env file its ${NAME}s are read from. Pure: what was found and chosen in, text out. Strings are written as JSON
// strings, which YAML reads as they are (a path or an id never turns into a number or a boolean).
import { labelled, platformNames, t, wordParam } from '../i18n.js';
import { demoZombieAfter } from '../demo/index.js';
import { adapterOf } from '../probes/supervisors/index.js';
import { formatDuration } from '../util/duration.js';
import type { Locale } from '../types.js';
import type { FoundHome, WhereItRuns } from './find.js';
import type { ServiceKeys } from './box-types.js';

export interface ChannelChoice {
  /** A chat channel's type (`telegram`, `qq`, …); undefined: the console. */
  type?: string;
  operatorKey?: string;
  operatorId?: string;
  appId?: string;
  secretKey?: string;
  secretEnv?: string;
  alertTo?: Record<string, string>;
}

export interface InitPlan {
  locale: Locale;
  configFile: string;
  envFile: string;
  homes: FoundHome[];
  channel: ChannelChoice;
  /** The operator's name in `operators` (the login name: nobody invented). */
  operatorName: string;
  /** How gatewatch is typed here: `gatewatch` or `npx gatewatch` (src/util/invocation.ts). */
  gatewatch: string;
}

const q = (s: string) => JSON.stringify(s);
const comment = (s: string, indent = '') => `${indent}# ${s}`;

/** One line about a home: what it is, its platforms, where its gateway runs and its lever. */
export function describeHome(locale: Locale, h: FoundHome): string {
  const what = h.elsewhere
    ? t(locale, 'init.home.at', { home: h.home })
    : h.mode === 'root'
      ? t(locale, 'init.home.root')
      : t(locale, h.mode === 'served' ? 'init.home.served' : 'init.home.standalone');
  const serves = h.serves.length
    ? [t(locale, 'init.home.serves', { profiles: h.serves.join(t(locale, 'list.comma')) })]
    : [];
  const platforms = h.platforms.length
    ? t(locale, 'init.home.platforms', { list: platformNames(locale, h.platforms) })
    : t(locale, 'init.home.no_platforms');
  const served = h.mode === 'served';
  const service = served ? undefined : h.commands ? t(locale, 'init.home.demo_service') : whereText(locale, h.service);
  const lever = !served && h.lever ? t(locale, 'init.home.lever', { cmd: wordParam(locale, h.lever) }) : undefined;
  return [[what, ...serves].join(t(locale, 'list.comma')), platforms, service, lever]
    .filter(Boolean)
    .join(t(locale, 'list.semicolon'));
}

/** Where the gateway runs, in its supervisor's terms. */
function whereText(locale: Locale, s: WhereItRuns): string {
  // In its supervisor's own words (the adapter's: a container's as its runtime named it), else none found.
  const said = adapterOf(s.manager).where?.({
    ...(s.name !== undefined ? { name: s.name } : {}),
    ...(s.via !== undefined ? { via: s.via } : {}),
    ...(s.scope !== undefined ? { scope: s.scope } : {}),
    ...(s.container ? { container: s.container } : {}),
  });
  return said ? wordParam(locale, said) : t(locale, 'init.home.no_service');
}

export function renderConfig(p: InitPlan): string {
  const { locale, channel: c } = p;
  const out = [comment(t(locale, 'init.config.head', { validate: `${p.gatewatch} validate` })), `locale: ${locale}`];
  if (c.secretEnv) out.push(comment(t(locale, 'init.config.env', { var: '${NAME}', file: p.envFile })));
  out.push('', comment(t(locale, 'init.config.targets')), 'targets:');
  for (const h of p.homes) {
    const block = targetLines(locale, h);
    // Another user's gateway: said, and left for the operator to take (uncommented, it is watched and restarted).
    out.push(
      ...(h.otherUser && !h.chosen
        ? [
            comment(t(locale, 'init.config.other_user', { user: h.otherUser }), '  '),
            ...block.map((l) => (l.startsWith('  #') ? l : `  # ${l.slice(2)}`)),
          ]
        : block),
    );
  }
  out.push('', ...demoDetect(p));
  if (c.type && c.operatorKey && c.operatorId) {
    out.push(
      comment(t(locale, 'init.config.operators')),
      'operators:',
      `  - { name: ${q(p.operatorName)}, role: admin, ${c.operatorKey}: ${q(c.operatorId)} }`,
      '',
    );
  }
  // A newcomer's first sign that the chain works: the phone says what gatewatch watches when `run` starts.
  if (c.type) out.push(comment(t(locale, 'init.config.on_start')), 'alerts: { on_start: true }', '');
  out.push('channels:');
  if (!c.type) out.push('  console: {}');
  else {
    out.push(`  ${c.type}:`);
    if (c.appId !== undefined) out.push(`    app_id: ${q(c.appId)}`);
    if (c.secretKey && c.secretEnv) out.push(`    ${c.secretKey}: \${${c.secretEnv}}`);
    if (c.alertTo)
      out.push(
        `    alert_to: [{ ${Object.entries(c.alertTo)
          .map(([k, v]) => `${k}: ${q(v)}`)
          .join(', ')} }]`,
      );
  }
  return out.join('\n') + '\n';
}

/** One target's lines of the config: its comment, name, home, the service keys found and the demo's commands. */
function targetLines(locale: Locale, h: FoundHome): string[] {
  const out: string[] = [];
  out.push(
    comment(labelled(locale, h.name, describeHome(locale, h)), '  '),
    `  - name: ${q(h.name)}`,
    `    hermes_home: ${q(h.home)}`,
  );
  // The program found now, named: a look need not search for it again (a container, a supervisor's program).
  const keys: ServiceKeys | undefined =
    h.keys ?? (h.service.container ? adapterOf(h.service.manager).container?.keys(h.service.container) : undefined);
  if (keys)
    out.push(
      '    service:',
      ...Object.entries(keys)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `      ${k}: ${k === 'manager' || k === 'scope' ? v : q(String(v))}`),
    );
  if (h.commands) {
    const { manager, ...argvs } = h.commands;
    out.push(
      '    service:',
      `      manager: ${manager}`,
      ...Object.entries(argvs).map(([k, argv]) => `      ${k}: [${argv.map(q).join(', ')}]`),
      // Its platforms are simulated, as the demo's own config says: whether the real ones answer from here is no news.
      '    reachability: false',
    );
  }
  // Another user's, or one its operator said gatewatch may not restart: watched only (a target's `restart: false`).
  if (h.chosen ? !h.chosen.restart : h.otherUser !== undefined) out.push('    restart: false');
  return out;
}

/**
 * Every home the demo's, its QQ cycle compressed (the playground's 20 s): the QQ checks judge by that cycle, as the
 * playground's own settings do, not by QQ's half hour (a healthy demo would read as QQ dropping its session 80 times too
 * often). Nothing when a home is not the demo's: `detect` is every target's.
 */
function demoDetect(p: InitPlan): string[] {
  const cycles = p.homes.map((h) => h.qqCycleMs);
  if (!cycles.every((c) => c !== undefined)) return [];
  const cycle = Math.max(...(cycles as number[]));
  const zombie = demoZombieAfter(cycle);
  if (!zombie) return [];
  return [
    comment(t(p.locale, 'init.config.demo_cycle', { cycle: formatDuration(cycle, p.locale) })),
    'detect:',
    `  zombie_after: ${zombie}`,
    '',
  ];
}

/**
 * The env file: the header, the lines an existing file already had (init --force keeps other secrets), and the
 * channel's variable, set to the secret when it is known, else empty to be filled in.
 */
export function renderEnvFile(p: InitPlan, secret: string | undefined, existing?: string): string {
  const name = p.channel.secretEnv;
  const kept = (existing ?? '')
    .split('\n')
    .filter((l) => l.trim() && !(name && new RegExp(`^\\s*(export\\s+)?${name}\\s*=`).test(l)));
  const head = comment(t(p.locale, 'init.env.head', { var: '${NAME}', config: p.configFile }));
  const lines = existing === undefined ? [head] : kept;
  if (name) lines.push(`${name}=${secret ? envValue(secret) : ''}`);
  return lines.join('\n') + '\n';
}

/** A value as the env file reader takes it back: quoted when it has spaces, quotes or a `#`. */
function envValue(v: string): string {
  if (!/[\s'"#]/.test(v)) return v;
  return v.includes("'") ? `"${v}"` : `'${v}'`;
}
