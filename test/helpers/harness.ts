// A real gatewatch core on a temp state dir, for channel and end-to-end tests: real command routing, auth, audit,
// outbox, incidents and (with demo: true) a real demo gateway process to watch and restart.
import { mkdtempSync, mkdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { expect } from 'vitest';
import { type Config } from '../../src/config/schema.js';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import type { Alert, AuditRecord, Channel, Reply, Severity, Tone } from '../../src/types.js';
import { demoTargetConfig, injectFault, startDemo, stopDemo, type DemoTargetRaw } from '../../src/demo/index.js';
import type { DemoHermes } from '../../src/demo/faults.js';
import { stopApp } from './demo-apps.js';
import { EVALUATION_EVERY_MS, until, where } from './until.js';

export interface HarnessOptions {
  /** Raw, YAML-shaped config keys (snake_case, durations as strings). state_dir and targets are filled in. */
  config?: Record<string, unknown>;
  channels?: Channel[];
  /** Keys of the watched target besides its home (e.g. a `service` whose commands leave a mark). */
  target?: Record<string, unknown>;
  /** Start the demo Hermes gateway and watch it as target `demo`. */
  demo?: boolean;
  /** The demo target's keys as the test wants them (its service's commands wrapped, say). */
  demoTarget?: (t: DemoTargetRaw) => DemoTargetRaw;
  /** Which Hermes the demo plays from its first start (default: what it played last, else v0.17). */
  demoHermes?: DemoHermes;
  /** The demo's healthy QQ 4009 → resume cycle (default: what it used last, else 30 min). */
  demoQqCycle?: string;
  /** Start the daemon loop (schedule, live log watch). Default true. */
  start?: boolean;
  onFatal?: (reason: string) => void;
  /** More createApp options (a clock, metrics observers). */
  appOptions?: Partial<AppOptions>;
}

export interface Harness {
  config: Config;
  app: App;
  dir: string;
  hermesHome: string;
  raiseAlert(a?: {
    severity?: Severity | Tone;
    title?: string;
    target?: string;
    incidentId?: string;
    kind?: Alert['kind'];
  }): Promise<Alert>;
  auditRecords(): Promise<AuditRecord[]>;
  /** Types `text` on the console as its local operator; the replies it got. */
  say(text: string): Promise<Reply[]>;
  /** For a failed test's report: the demo's start, its gateway's own output and the last lines of its log. */
  report(): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatewatch-test-'));
  const hermesHome = path.join(dir, 'hermes');
  mkdirSync(path.join(hermesHome, 'logs'), { recursive: true });
  const target = o.demo
    ? (o.demoTarget ?? ((t) => t))(demoTargetConfig(hermesHome))
    : {
        name: 'default',
        hermes_home: hermesHome,
        platforms: ['feishu', 'qqbot'],
        service: { manager: 'none' },
        ...o.target,
      };
  const raw = configSchema.parse({
    targets: [target],
    remediate: { cooldown: '0s', verify_timeout: '30s' },
    ...o.config,
    state_dir: path.join(dir, 'state'),
  });
  const config = resolveConfig(raw, undefined);
  const started = !o.demo
    ? undefined
    : await startDemo(hermesHome, {
        ...(o.demoHermes ? { hermes: o.demoHermes } : {}),
        ...(o.demoQqCycle ? { qqCycle: o.demoQqCycle } : {}),
      });
  const log = pino({ level: process.env.GATEWATCH_TEST_LOG ?? 'silent' }, pino.destination(2));
  // The caller gets no harness to close when the start fails: what was started here is stopped here.
  const undo = async () => {
    if (o.demo) await stopDemo(hermesHome).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  const app = await createApp(config, { log, onFatal: o.onFatal, restartPollMs: 200, ...o.appOptions }).catch(
    async (e: unknown) => {
      await undo();
      throw e;
    },
  );
  try {
    for (const ch of o.channels ?? []) await app.addChannel(ch);
    if (o.start !== false) await app.start();
  } catch (e) {
    await app.stop().catch(() => undefined);
    await undo();
    throw e;
  }
  return {
    config,
    app,
    dir,
    hermesHome,
    async say(text) {
      const replies: Reply[] = [];
      await app.handle({ channel: 'console', senderId: 'local', text }, async (r) => void replies.push(r));
      return replies;
    },
    async raiseAlert(a = {}) {
      const severity = a.severity ?? 'critical';
      const alert: Alert = {
        id: randomUUID(),
        kind: a.kind ?? 'open',
        incidentId: a.incidentId ?? `test:${randomUUID()}`,
        target: a.target ?? config.targets[0]!.name,
        check: 'test_check',
        severity,
        createdAt: Date.now(),
        reply: {
          title: a.title ?? 'Test alert',
          tone: severity,
          lines: ['explanation'],
          buttons: [{ label: 'Ack', command: '/ack' }],
        },
      };
      await app.raise(alert);
      return alert;
    },
    auditRecords: () => app.audit.read(10_000),
    async report() {
      const tail = async (file: string, n: number) =>
        (await readFile(path.join(hermesHome, 'logs', file), 'utf8').catch((e: Error) => e.message))
          .split('\n')
          .slice(-n)
          .join('\n');
      return [
        `demo start: ${JSON.stringify(started)}`,
        `gateway.stdout.log:\n${await tail('gateway.stdout.log', 30)}`,
        `gateway.log:\n${await tail('gateway.log', 40)}`,
      ].join('\n');
    },
    async close() {
      try {
        await stopApp(app);
      } finally {
        if (o.demo) await stopDemo(hermesHome).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A probe below is often a whole evaluation: not more often than that may run. */
const slow = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };

/** Until the demo gateway runs with nothing found. */
export async function healthyDemo(h: Harness): Promise<void> {
  await until(
    'a healthy demo',
    where(
      () => h.app.core.evaluate('demo'),
      (r) => r.findings.length === 0 && r.evidence.process.alive,
    ),
    slow,
  );
}

/** A healthy demo, then its QQ bot banned (the demo's `qq-banned` fault) until gatewatch judges it so. */
export async function bannedQqDemo(h: Harness): Promise<void> {
  await healthyDemo(h);
  expect((await injectFault(h.hermesHome, 'qq-banned')).ok).toBe(true);
  await until(
    'the ban judged',
    where(
      () => h.app.core.evaluate('demo'),
      (r) => r.findings.some((f) => f.check === 'qq_banned'),
    ),
    slow,
  );
}
