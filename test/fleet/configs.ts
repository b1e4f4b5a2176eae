// The fleet test's Prometheus and Alertmanager configs are the shipped examples (deploy/prometheus), with only the
// addresses, the token file and the timings changed: the test proves the files a user deploys, not copies of them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';

export const DEPLOY = path.join(import.meta.dirname, '..', '..', 'deploy', 'prometheus');
export const RULES = path.join(DEPLOY, 'gatewatch.rules.yml');

/** Short intervals so a rule fires as soon as its `for:` has passed, not several scrape/evaluation periods later. */
export const SCRAPE_EVERY = '2s';
/**
 * Every rule's `for:` is cut by this much (2m → 15s): the fleet test proves the rules' expressions, labels and routing
 * end to end; their durations are proven by promtool's unit tests (npm run test:rules) on the file as shipped.
 */
export const FOR_SCALE = 8;

type Yaml = Record<string, unknown>;
const load = (file: string) => parse(readFileSync(path.join(DEPLOY, file), 'utf8')) as Yaml;

function need<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null)
    throw new Error(`deploy/prometheus: ${what} is missing: the fleet test expects the example's shape`);
  return v;
}

export interface FleetHost {
  /** The instance label Prometheus gives it (a host name in a real fleet). */
  instance: string;
  /** 127.0.0.1:port of its gatewatch's http.listen. */
  address: string;
}

/** gatewatch.rules.yml as shipped, but for each `for:` cut by FOR_SCALE. */
export function rulesForTest(): string {
  const c = parse(readFileSync(RULES, 'utf8')) as { groups: { rules: { for?: string }[] }[] };
  const seconds = (d: string) =>
    Number(/^(\d+)([smh])$/.exec(d)?.[1] ?? NaN) * ({ s: 1, m: 60, h: 3600 } as Record<string, number>)[d.slice(-1)]!;
  for (const g of need(c.groups, 'gatewatch.rules.yml groups'))
    for (const r of g.rules)
      if (r.for)
        r.for = `${Math.max(1, Math.round(need(seconds(r.for) || undefined, `a duration in for: ${r.for}`) / FOR_SCALE))}s`;
  return stringify(c);
}

/** prometheus.example.yml with the two hosts (relabelled to their host names), our Alertmanager and the token file. */
export function prometheusConfig(o: {
  hosts: FleetHost[];
  alertmanager: string;
  tokenFile: string;
  rulesFile: string;
}): string {
  const c = load('prometheus.example.yml') as {
    global: Yaml;
    rule_files: string[];
    alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
    scrape_configs: { job_name: string; authorization: { credentials_file: string }; static_configs: unknown[] }[];
  };
  c.global = {
    ...c.global,
    scrape_interval: SCRAPE_EVERY,
    evaluation_interval: SCRAPE_EVERY,
    scrape_timeout: SCRAPE_EVERY,
  };
  need(
    c.rule_files?.includes('gatewatch.rules.yml') ? true : undefined,
    'prometheus.example.yml rule_files: gatewatch.rules.yml',
  );
  c.rule_files = [o.rulesFile];
  need(
    c.alerting?.alertmanagers?.[0]?.static_configs?.[0],
    'prometheus.example.yml alerting.alertmanagers[0].static_configs[0]',
  ).targets = [o.alertmanager];
  const job = need(
    c.scrape_configs?.find((j) => j.job_name === 'gatewatch'),
    'prometheus.example.yml scrape job "gatewatch"',
  );
  need(job.authorization, 'prometheus.example.yml scrape job gatewatch: authorization').credentials_file = o.tokenFile;
  job.static_configs = o.hosts.map((h) => ({ targets: [h.address], labels: { instance: h.instance } }));
  return stringify(c);
}

/**
 * alertmanager.example.yml with hub and backup pointed at our two gatewatch instances, the hub's instance label in the
 * matchers, the token file, and group timings of a second or two.
 */
export function alertmanagerConfig(o: { hub: FleetHost; backup: FleetHost; tokenFile: string }): string {
  const text = readFileSync(path.join(DEPLOY, 'alertmanager.example.yml'), 'utf8');
  const HUB_INSTANCE = 'hub.example.lan:9477';
  if (!text.includes(`instance="${HUB_INSTANCE}"`))
    need(undefined, `alertmanager.example.yml matcher instance="${HUB_INSTANCE}"`);
  const c = parse(text.replaceAll(`instance="${HUB_INSTANCE}"`, `instance="${o.hub.instance}"`)) as {
    route: Yaml;
    receivers: {
      name: string;
      webhook_configs: { url: string; http_config: { authorization: { credentials_file: string } } }[];
    }[];
  };
  c.route = { ...c.route, group_wait: '1s', group_interval: '2s' };
  const hooks = { 'gatewatch-hub': o.hub, 'gatewatch-backup': o.backup };
  for (const [name, host] of Object.entries(hooks)) {
    const hook = need(
      c.receivers?.find((r) => r.name === name)?.webhook_configs?.[0],
      `alertmanager.example.yml receiver ${name}`,
    );
    hook.url = `http://${host.address}/alertmanager`;
    need(
      hook.http_config?.authorization,
      `alertmanager.example.yml receiver ${name}: http_config.authorization`,
    ).credentials_file = o.tokenFile;
  }
  return stringify(c);
}
