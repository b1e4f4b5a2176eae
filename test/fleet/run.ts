// npm run test:fleet (scripts/fleet-test.sh finds or installs the binaries, builds dist/, then runs this).
// A two-host fleet on loopback: gatewatch on "host-a" watches demo gateway alpha, gatewatch on "host-b" (the hub)
// watches demo gateway bravo; a real Prometheus scrapes both with deploy/prometheus/gatewatch.rules.yml and a real
// Alertmanager routes with deploy/prometheus/alertmanager.example.yml to their POST /alertmanager (bearer token).
//   1. alpha is SIGKILLed (auto-restart off): GatewatchGatewayDown reaches host-b's console, not host-a's; an operator
//      restarts alpha on host-a and host-b's console announces the recovery.
//   2. host-b's gatewatch itself is SIGKILLed: GatewatchDown reaches host-a (the backup) and resolves when host-b's
//      gatewatch is started again.
// Env: FLEET_DIR (work dir, made by the script), PROMETHEUS_BIN, ALERTMANAGER_BIN. --keep keeps FLEET_DIR on success.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { demoTargetConfig, injectFault, startDemo, stopDemo } from '../../src/demo/index.js';
import { startConsoleCli } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';
import { freePort } from '../helpers/ports.js';
import { alertmanagerConfig, prometheusConfig, rulesForTest, type FleetHost } from './configs.js';

const KEEP = process.argv.includes('--keep');
const PROMETHEUS = process.env.PROMETHEUS_BIN || 'prometheus';
const ALERTMANAGER = process.env.ALERTMANAGER_BIN || 'prometheus-alertmanager';
const WORK = process.env.FLEET_DIR || mkdtempSync(path.join(os.tmpdir(), 'gatewatch-fleet-'));
const PIDS = path.join(WORK, 'pids');
// One token for the fleet: Prometheus scrapes every gatewatch of job "gatewatch" with one credentials file.
const TOKEN = `fleet-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
const TOKEN_FILE = path.join(WORK, 'fleet.token');
const MIN = 60_000;
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s`;
const log = (s: string) => process.stdout.write(`[fleet ${elapsed()}] ${s}\n`);

/** Every process we start is recorded, so the shell's trap can end it even if this program is killed. */
function track(name: string, child: ChildProcess): ChildProcess {
  if (child.pid) appendFileSync(PIDS, `${child.pid}\n`);
  const file = createWriteStream(path.join(WORK, `${name}.log`), { flags: 'a' });
  child.stdout?.on('data', (d) => file.write(d));
  child.stderr?.on('data', (d) => file.write(d));
  child.once('exit', (code, signal) => file.end(`\n[exit code=${code} signal=${signal}]\n`));
  return child;
}

const children: ChildProcess[] = [];
function run(name: string, cmd: string, args: string[]): ChildProcess {
  const child = track(name, spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  child.once('error', (e) => log(`${name}: cannot start ${cmd}: ${e.message}`));
  children.push(child);
  return child;
}

/** Prometheus, Alertmanager and the daemons are asked twice a second. */
const within = (timeoutMs: number) => ({ timeoutMs, everyMs: 500 });

const getJson = async (url: string) => {
  const r = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return r.ok ? ((await r.json()) as Record<string, unknown>) : undefined;
};

/** A Prometheus instant query: instance label → value. */
async function query(promUrl: string, q: string): Promise<Record<string, number>> {
  const j = (await getJson(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`)) as
    | { data?: { result?: { metric: Record<string, string>; value: [number, string] }[] } }
    | undefined;
  return Object.fromEntries((j?.data?.result ?? []).map((r) => [r.metric.instance ?? '', Number(r.value[1])]));
}

// ---------------------------------------------------------------------------------------------------------------
// One host: a demo gateway in its own HERMES home and a gatewatch watching it, talking on its console.

interface Host extends FleetHost {
  name: string;
  target: string;
  dir: string;
  hermes: string;
  config: string;
  port: number;
  cli?: ReturnType<typeof startConsoleCli>;
  /** Console output before the current process (a restarted gatewatch starts a fresh stdout). */
  earlier: string;
}

async function makeHost(name: string, instance: string, target: string): Promise<Host> {
  const dir = path.join(WORK, name);
  const hermes = path.join(dir, 'hermes');
  mkdirSync(hermes, { recursive: true });
  const port = await freePort();
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    stringify({
      state_dir: path.join(dir, 'state'),
      schedule: '*/5 * * * * *',
      targets: [{ ...demoTargetConfig(hermes), name: target }],
      // Nothing heals the gateway behind the test's back: it stays down until the operator restarts it.
      remediate: { auto_restart: false },
      channels: { console: {} },
      http: { listen: `127.0.0.1:${port}`, token: '${GATEWATCH_HTTP_TOKEN}' },
    }),
  );
  return { name, instance, target, dir, hermes, config, port, address: `127.0.0.1:${port}`, earlier: '' };
}

async function startGatewatch(h: Host): Promise<void> {
  if (h.cli) h.earlier += h.cli.out();
  const cli = startConsoleCli(h.dir, ['run', '--console', '--config', h.config], { waitMs: 5 * MIN });
  track(`gatewatch-${h.name}`, cli.child);
  children.push(cli.child);
  h.cli = cli;
  await until(
    `gatewatch on ${h.instance} to answer /healthz with 200`,
    async () => (await fetch(`http://${h.address}/healthz`)).status === 200,
    within(MIN),
  );
}

const consoleOf = (h: Host) => h.earlier + (h.cli?.out() ?? '');

// ---------------------------------------------------------------------------------------------------------------

let finishing = false;
const steps: { name: string; ok: boolean; at: string; detail?: string }[] = [];
async function step(name: string, fn: () => Promise<void>): Promise<void> {
  if (finishing) throw new Error('stopping');
  log(`… ${name}`);
  try {
    await fn();
    if (finishing) throw new Error('stopping');
    steps.push({ name, ok: true, at: elapsed() });
    log(`ok ${name}`);
  } catch (e) {
    if (!finishing) steps.push({ name, ok: false, at: elapsed(), detail: (e as Error).message.split('\n')[0] });
    throw e;
  }
}

/** The alert block that starts at `at` in a console's output (up to the next blank line). */
const blockAt = (out: string, at: number) => out.slice(out.lastIndexOf('\n', at) + 1).split(/\n\s*\n/)[0] ?? '';

let promUrl = '';
let amUrl = '';
const hosts: Host[] = [];

async function main(): Promise<void> {
  writeFileSync(TOKEN_FILE, TOKEN + '\n', { mode: 0o600 });
  process.env.GATEWATCH_HTTP_TOKEN = TOKEN;
  process.env.GATEWATCH_LOG_LEVEL ??= 'info';
  const a = await makeHost('a', 'host-a', 'alpha');
  const b = await makeHost('b', 'host-b', 'bravo');
  hosts.push(a, b);

  await step('two demo gateways and two gatewatch instances (http.listen with a token, auto-restart off)', async () => {
    for (const h of hosts) {
      const r = await startDemo(h.hermes, { timeoutMs: 30_000 });
      if (!r.ok) throw new Error(`demo gateway ${h.target}: ${r.error}`);
      if (r.pid) appendFileSync(PIDS, `${r.pid}\n`);
    }
    await Promise.all(hosts.map((h) => startGatewatch(h)));
    for (const h of hosts) {
      const r = await fetch(`http://${h.address}/metrics`);
      if (r.status !== 401) throw new Error(`${h.instance} /metrics without the token: ${r.status}, expected 401`);
    }
  });

  const [promPort, amPort] = [await freePort(), await freePort()];
  promUrl = `http://127.0.0.1:${promPort}`;
  amUrl = `http://127.0.0.1:${amPort}`;
  await step(
    'Alertmanager (alertmanager.example.yml: hub host-b, backup host-a) and Prometheus (prometheus.example.yml, gatewatch.rules.yml)',
    async () => {
      const amFile = path.join(WORK, 'alertmanager.yml');
      writeFileSync(amFile, alertmanagerConfig({ hub: b, backup: a, tokenFile: TOKEN_FILE }));
      run('alertmanager', ALERTMANAGER, [
        `--config.file=${amFile}`,
        `--storage.path=${path.join(WORK, 'am-data')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
      ]);
      const promFile = path.join(WORK, 'prometheus.yml');
      const rulesFile = path.join(WORK, 'gatewatch.rules.yml');
      writeFileSync(rulesFile, rulesForTest());
      writeFileSync(
        promFile,
        prometheusConfig({ hosts, alertmanager: `127.0.0.1:${amPort}`, tokenFile: TOKEN_FILE, rulesFile }),
      );
      run('prometheus', PROMETHEUS, [
        `--config.file=${promFile}`,
        `--storage.tsdb.path=${path.join(WORK, 'prom-data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--rules.alert.resend-delay=2s',
      ]);
      await until('Alertmanager ready', async () => (await fetch(`${amUrl}/-/ready`)).ok, within(MIN));
      await until('Prometheus ready', async () => (await fetch(`${promUrl}/-/ready`)).ok, within(MIN));
      await until(
        'Prometheus to scrape both gatewatch instances with the token (up == 1)',
        async () => {
          const up = await query(promUrl, 'up{job="gatewatch"}');
          return up['host-a'] === 1 && up['host-b'] === 1;
        },
        within(2 * MIN),
      );
      await until(
        'gatewatch_gateway_up == 1 for alpha and bravo',
        async () => {
          const up = await query(promUrl, 'gatewatch_gateway_up');
          return up['host-a'] === 1 && up['host-b'] === 1;
        },
        within(2 * MIN),
      );
    },
  );

  // ---- 1: a gateway breaks on host-a; the hub (host-b) hears it through Prometheus and Alertmanager.
  await step('break gateway alpha on host-a (demo fault crash: SIGKILL); host-a alerts locally', async () => {
    const r = await injectFault(a.hermes, 'crash');
    if (!r.ok) throw new Error(`inject crash: ${r.error}`);
    await a.cli!.waitFor(/🔴 alpha: /, 0, undefined, 2 * MIN);
  });
  let atB = 0;
  await step(
    "GatewatchGatewayDown reaches host-b's console via Prometheus → Alertmanager → POST /alertmanager",
    async () => {
      atB = await b.cli!.waitFor(/🔴 host-a: Alertmanager: GatewatchGatewayDown \(alpha\)/, 0, undefined, 5 * MIN);
      const card = blockAt(b.cli!.out(), atB);
      if (!card.includes('Hermes gateway alpha on host-a is down'))
        throw new Error(`the card lacks the rule's summary:\n${card}`);
      // alpha is not a target of host-b: its card offers no Restart or Logs button for it.
      if (/\/restart|\/logs/.test(card))
        throw new Error(`host-b's card offers a restart of a remote gateway:\n${card}`);
      const up = await query(promUrl, 'gatewatch_gateway_up');
      if (up['host-a'] !== 0 || up['host-b'] !== 1) throw new Error(`gatewatch_gateway_up: ${JSON.stringify(up)}`);
    },
  );
  await step("heal: the operator types /restart alpha on host-a's console", async () => {
    const from = a.cli!.out().length;
    a.cli!.send('/restart alpha');
    await a.cli!.waitFor(/✅ Restarted alpha: verified/, from, undefined, 2 * MIN);
  });
  await step("the alert resolves on host-b's console", async () => {
    await b.cli!.waitFor(
      /✅ host-a: resolved where it was raised: Alertmanager: GatewatchGatewayDown \(alpha\)/,
      atB,
      undefined,
      5 * MIN,
    );
  });
  await step(
    'routing: host-a (the backup) never got the gateway alert; host-b never alerted on its own gateway',
    async () => {
      if (/GatewatchGatewayDown/.test(consoleOf(a)))
        throw new Error(`host-a received GatewatchGatewayDown:\n${consoleOf(a)}`);
      if (/🔴 bravo/.test(consoleOf(b))) throw new Error(`host-b alerted on bravo:\n${consoleOf(b)}`);
    },
  );

  // ---- 2: the hub gatewatch itself dies; the backup hears it.
  await step("SIGKILL host-b's gatewatch (the hub): GatewatchDown reaches host-a's console", async () => {
    const from = a.cli!.out().length;
    b.cli!.child.kill('SIGKILL');
    const at = await a.cli!.waitFor(/🔴 host-b: Alertmanager: GatewatchDown/, from, undefined, 5 * MIN);
    const card = blockAt(a.cli!.out(), at);
    if (!card.includes('gatewatch on host-b is down')) throw new Error(`the card lacks the rule's summary:\n${card}`);
  });
  await step("start host-b's gatewatch again: GatewatchDown resolves on host-a's console", async () => {
    const from = a.cli!.out().length;
    await startGatewatch(b);
    await a.cli!.waitFor(
      /✅ host-b: resolved where it was raised: Alertmanager: GatewatchDown/,
      from,
      undefined,
      5 * MIN,
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------

async function stopAll(): Promise<void> {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  const running = () => children.some((c) => c.exitCode === null && c.signalCode === null);
  await until('the children to exit on SIGTERM', () => !running(), { timeoutMs: 10_000, everyMs: 100 }).catch(
    () => undefined,
  ); // then SIGKILL
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(hosts.map((h) => stopDemo(h.hermes).catch(() => undefined)));
}

async function diagnostics(): Promise<void> {
  const tail = (s: string, n = 40) => s.trimEnd().split('\n').slice(-n).join('\n');
  for (const h of hosts)
    process.stdout.write(`\n--- console of ${h.instance} (last lines) ---\n${tail(consoleOf(h))}\n`);
  for (const [name, url] of [
    ['Prometheus alerts', `${promUrl}/api/v1/alerts`],
    ['Alertmanager alerts', `${amUrl}/api/v2/alerts`],
  ] as const) {
    if (!promUrl) break;
    const body = await fetch(url, { signal: AbortSignal.timeout(3_000) }).then(
      (r) => r.text(),
      (e: Error) => e.message,
    );
    process.stdout.write(`\n--- ${name} ---\n${body.slice(0, 3_000)}\n`);
  }
  process.stdout.write(
    `\nLogs and configs: ${WORK} (prometheus.log, alertmanager.log, gatewatch-a.log, gatewatch-b.log)\n`,
  );
}

function summary(ok: boolean): void {
  process.stdout.write('\n==== test:fleet summary ====\n');
  for (const s of steps)
    process.stdout.write(
      `${s.ok ? 'PASS' : 'FAIL'} ${s.at}  ${s.name}${s.detail ? `\n            ${s.detail}` : ''}\n`,
    );
  process.stdout.write(`${ok ? 'PASS' : 'FAIL'}: test:fleet ${ok ? 'passed' : 'failed'} in ${elapsed().trim()}\n`);
}

async function finish(code: number, error?: Error): Promise<never> {
  if (finishing) process.exit(code);
  finishing = true;
  if (error) {
    log(`FAILED: ${error.message.split('\n')[0]}`);
    await diagnostics().catch(() => undefined);
  }
  await stopAll();
  summary(code === 0);
  if (code === 0 && !KEEP) rmSync(WORK, { recursive: true, force: true });
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => void finish(sig === 'SIGINT' ? 130 : 143, new Error(`interrupted by ${sig}`)));
// A hard bound far above the expected ~6 minutes: CI never hangs on a wedged step.
setTimeout(() => void finish(1, new Error('test:fleet took longer than 20 minutes')), 20 * MIN).unref();

log(`work dir ${WORK}; prometheus: ${PROMETHEUS}; alertmanager: ${ALERTMANAGER}`);
main().then(
  () => finish(0),
  (e: Error) => finish(1, e),
);
