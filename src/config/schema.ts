// The config contract. Keys are snake_case like Hermes' own config.yaml; durations are strings (`90s`, `10m`, `1h`)
// and come out of parsing as milliseconds. The base schema knows no channel by name: each channel plugin brings its
// own settings schema and operator id field (src/config/channel-spec.ts), and configSchemaFor puts them in.
import * as z from 'zod';
import { nodeCron } from '../util/cron.js';
import { DURATION_RANGES, durationIn } from './durations.js';
import type { AnyChannelSpec } from './channel-spec.js';
import type { ConfiguredChannel } from './channels.js';
import type { Operator } from '../types.js';
import { said } from './schema-text.js';
import { isZone, parseWeekly } from '../util/weekly.js';
import { httpUrl } from './http-url.js';

export { DURATION_RANGES };

/** 127.0.0.0/8, ::1 and localhost: reachable from this host only. */
export function isLoopbackListen(listen: string): boolean {
  const host = listen.slice(0, listen.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const argv = z
  .array(z.string({ error: said('config.schema.argument') }), { error: said('config.schema.argv') })
  .min(1, { error: said('config.schema.argv_empty') });

const service = z.strictObject({
  manager: z.enum(['auto', 'systemd', 'launchd', 'command', 'docker', 'podman', 'none']).default('auto'),
  /** docker/podman: the container's name or id; default the one whose mounts put the home's root at /opt/data. */
  container: z.string().min(1).optional(),
  /** docker/podman: the gateway's s6 slot in it; default gateway-<profile> (gateway-default for the root). */
  slot: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/)
    .optional(),
  /** systemd unit; default hermes-gateway[-<profile>].service */
  unit: z.string().optional(),
  /** systemd --user (default) or system-wide */
  scope: z.enum(['user', 'system']).default('user'),
  /** launchd label; default ai.hermes.gateway[-<profile>] */
  label: z.string().optional(),
  is_active: argv.optional(),
  start: argv.optional(),
  restart: argv.optional(),
  stop: argv.optional(),
  /**
   * `start` runs the gateway itself in the foreground (`hermes gateway run`, a gateway started by hand): gatewatch
   * launches it detached, its output to the home's logs/gateway.stdout.log, instead of waiting for it to end.
   */
  detach: z.boolean().optional(),
});

/** detect.reachability, or a target's own: false, or per platform an http(s) URL or false. */
const reachability = z.union([
  z.literal(false),
  z.record(z.string(), z.union([z.literal(false), httpUrl(said('config.schema.api_url'))])),
]);

const target = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: said('config.schema.short_name') }),
  hermes_home: z
    .string()
    .min(1, { error: said('config.schema.hermes_home') })
    .default('~/.hermes'),
  log_file: z.string().optional(),
  agent_log_file: z.string().optional(),
  state_file: z.string().optional(),
  pid_file: z.string().optional(),
  platforms: z.array(z.string()).optional(),
  service: service.default({ manager: 'auto', scope: 'user' }),
  /** How to run Hermes' own CLI for this home (`hermes sessions delete`, §9.15), with HERMES_HOME set to it; default `[hermes]`. */
  hermes_cli: argv.optional(),
  /**
   * This target's own detect.reachability, in its place: a gateway whose platforms are reached another way (through a
   * proxy of its own, or simulated, as the demo's are) says where, or false.
   */
  reachability: reachability.optional(),
});

const operator = z.strictObject({
  name: z.string(),
  role: z.enum(['admin', 'viewer']),
});

// Notifiers come from their plugins: each owns its keys; the registry adds `type` and an optional instance `name`.
const notifierName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: said('config.schema.short_name') })
  .optional();
const channelName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: said('config.schema.channel_name') });
const channelList = z.array(channelName).min(1, { error: said('config.schema.channel_list') });
const routeSeverity = z.enum(['critical', 'warning', 'info', 'ok'], { error: said('config.schema.severity') });

/** The shape every notifier entry has whatever its type; its plugin's schema checks the rest. */
const anyNotifier = z.looseObject({ type: z.string(), name: notifierName });

/** `channels:` as the base config sees it: the console, the notifiers, and one key per chat channel it does not know. */
const channels = z.looseObject({
  console: z.strictObject({}).optional(),
  notifiers: z.array(anyNotifier).default([]),
});

const baseSchema = z.strictObject({
  locale: z.enum(['en', 'zh-CN']).default('en'),
  /** Secrets for ${VAR}: `KEY=value` lines, mode 600; default `env` beside the config (read by the loader, env-file.ts). */
  env_file: z.string().optional(),
  state_dir: z
    .string()
    .min(1, { error: said('config.schema.state_dir') })
    .default('~/.local/state/gatewatch'),
  targets: z
    .array(target)
    .min(1, { error: said('config.schema.targets') })
    .default([{ name: 'default', hermes_home: '~/.hermes', service: { manager: 'auto', scope: 'user' } }]),
  schedule: z
    .string()
    .refine((s) => nodeCron().validate(s), { error: said('config.schema.cron') })
    .default('*/1 * * * *'),
  /** The weekly digest (src/core/report.ts): off unless configured. */
  report: z
    .strictObject({
      every: z.string().refine((s) => parseWeekly(s) !== undefined, { error: said('config.schema.report_every') }),
      /** Channel names (checked in load.ts); without, the digest goes where info alerts go. */
      to: channelList.optional(),
      tz: z
        .string()
        .refine((s) => isZone(s), { error: said('config.schema.report_tz') })
        .optional(),
    })
    .optional(),
  // The sections a config most often leaves out are built when it has them: zod builds a schema as its module loads
  // (every cold check paid for every section), and takes a section's default as it is, without parsing it.
  detect: z
    .lazy(() =>
      z.strictObject({
        disconnect_grace: durationIn(DURATION_RANGES.disconnect_grace).default(90_000),
        storm: z
          .strictObject({
            disconnects: z.number().int().min(2).default(5),
            within: durationIn(DURATION_RANGES.storm_within).default(600_000),
          })
          .default({ disconnects: 5, within: 600_000 }),
        zombie_after: durationIn(DURATION_RANGES.zombie_after).default(3_600_000),
        /** Tool calls at least this long in agent.log are quoted as likely event-loop blockers. */
        slow_tool: durationIn(DURATION_RANGES.slow_tool).default(60_000),
        /** A gateway the operator stopped is left alone; one reminder when it is still stopped this long after. */
        operator_stop_reminder: durationIn(DURATION_RANGES.operator_stop_reminder).default(12 * 3_600_000),
        /**
         * Per platform (`telegram: 6h`): a live gateway whose platform carried no inbound message this long is possibly
         * deaf. Off unless set: quiet is not dead, only the operator knows which chats are busy.
         */
        expect_inbound: z
          .record(z.string(), durationIn(DURATION_RANGES.expect_inbound))
          // zod's own record-key message says only "Invalid key in record".
          .superRefine((r, ctx) => {
            for (const k of Object.keys(r)) {
              if (!/^[a-z][a-z0-9_]{1,31}$/.test(k))
                ctx.addIssue({ code: 'custom', path: [k], message: said('config.schema.platform') });
            }
          })
          .optional(),
        /**
         * Where gatewatch checks from this host that a platform's servers answer (DNS, TCP, TLS) while the platform is
         * down: `{ qqbot: "https://api.sgroup.qq.com" }` overrides a platform's endpoint, `false` for one platform or for
         * all turns it off. Defaults: the platforms' documented API hosts (src/probes/reachability.ts).
         */
        reachability: reachability.optional(),
        /**
         * This host's way out, checked (DNS, TCP, TLS) while a platform fails: a host that has nothing to do with the
         * platforms and that this host always reaches. Failing too, the outage is this host's network (src/detectors/
         * scope.ts). Off unless set: gatewatch calls no third party by itself.
         */
        egress: z.union([z.literal(false), httpUrl(said('config.schema.egress_url'))]).optional(),
      }),
    )
    .default({
      disconnect_grace: 90_000,
      storm: { disconnects: 5, within: 600_000 },
      zombie_after: 3_600_000,
      slow_tool: 60_000,
      operator_stop_reminder: 12 * 3_600_000,
    }),
  remediate: z
    .lazy(() =>
      z.strictObject({
        auto_restart: z.boolean().default(true),
        /**
         * The remedies gatewatch runs by itself; the others wait for an operator's /fix. auto_restart: false still means
         * no automatic restart or start, whatever this lists.
         */
        auto: z
          .array(z.enum(['restart', 'start', 'stop_process', 'stop_process_then_restart']))
          .default(['restart', 'start']),
        max_restarts: z.number().int().min(0).default(3),
        window: durationIn(DURATION_RANGES.window).default(3_600_000),
        cooldown: durationIn(DURATION_RANGES.cooldown).default(120_000),
        verify_timeout: durationIn(DURATION_RANGES.verify_timeout).default(90_000),
        /**
         * How long an automatic restart for a cause that leaves the gateway serving waits for its busy agent turns
         * (gateway_state.json `active_agents`) to finish; 0 = do not wait. A dead or wedged gateway is restarted at once.
         */
        drain: durationIn(DURATION_RANGES.drain).default(120_000),
      }),
    )
    .default({
      auto_restart: true,
      auto: ['restart', 'start'],
      max_restarts: 3,
      window: 3_600_000,
      cooldown: 120_000,
      verify_timeout: 90_000,
      drain: 120_000,
    }),
  alerts: z
    .lazy(() =>
      z.strictObject({
        remind_every: durationIn(DURATION_RANGES.remind_every).default(1_800_000),
        flap: z
          .strictObject({
            transitions: z.number().int().min(2).default(4),
            within: durationIn(DURATION_RANGES.flap_within).default(1_800_000),
          })
          .default({ transitions: 4, within: 1_800_000 }),
        // Channel names are checked against the configured channels in load.ts (they depend on channels.*).
        routes: z.array(z.strictObject({ severity: z.array(routeSeverity).min(1), channels: channelList })).optional(),
        fallback: z.record(channelName, channelList).optional(),
        escalate: z
          .strictObject({ after: durationIn(DURATION_RANGES.escalate_after), channels: channelList })
          .optional(),
        /** One send on one channel; then it is aborted (its connection closed), counts as failed and is retried. */
        send_timeout: durationIn(DURATION_RANGES.send_timeout).default(10_000),
      }),
    )
    .default({ remind_every: 1_800_000, flap: { transitions: 4, within: 1_800_000 }, send_timeout: 10_000 }),
  /** Liveness poll of the gateway process between scheduled runs. */
  liveness_interval: durationIn(DURATION_RANGES.liveness_interval).default(2_000),
  operators: z.array(operator).default([]),
  channels: channels.default({ console: {}, notifiers: [] }),
  /** /healthz, /metrics and /alertmanager (src/ops); off while listen is empty. */
  http: z
    .lazy(() =>
      z
        .strictObject({
          listen: z
            .string()
            .regex(/^$|^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, { error: said('config.schema.listen') })
            .refine(
              (l) =>
                l === '' ||
                (Number(l.slice(l.lastIndexOf(':') + 1)) >= 1 && Number(l.slice(l.lastIndexOf(':') + 1)) <= 65535),
              { error: said('config.schema.port') },
            )
            .default(''),
          /** Required as `Authorization: Bearer …` on every path; an unauthenticated /healthz says up, degraded or down only. */
          token: z
            .string()
            .min(16, { error: said('config.schema.token') })
            .optional(),
        })
        // Nothing listens beyond loopback without a token: the intake turns POSTs into alerts on the operators' phones.
        .refine((h) => !h.listen || h.token !== undefined || isLoopbackListen(h.listen), {
          error: said('config.schema.listen_token'),
          path: ['listen'],
        }),
    )
    .default({ listen: '' }),
  /**
   * The fleet (src/probes/fleet.ts): the Prometheus that scrapes every gatewatch, asked while a platform fails here for
   * `gatewatch_platform_up` of that platform on the other instances. Most of them down too: the platform, for everyone.
   */
  fleet: z
    .strictObject({
      prometheus: httpUrl(said('config.schema.prometheus_url')),
      /** This gatewatch's own `instance` label there, left out of the count; without it, one of the instances that see the platform down is taken for this one. */
      instance: z.string().min(1).optional(),
      /** The fewest other instances that must report the platform for their majority to count. */
      min_others: z.number().int().min(1).default(2),
    })
    .optional(),
  /** Dead man's switch: GET url every `every` while healthy, url + /fail when not (healthchecks.io style). */
  deadman: z
    .strictObject({
      url: httpUrl(said('config.schema.ping_url')),
      every: durationIn(DURATION_RANGES.deadman_every).default(300_000),
      timeout: durationIn(DURATION_RANGES.deadman_timeout).default(10_000),
    })
    .optional(),
});

/**
 * The config schema for a set of channel plugins: their settings under `channels`, their ids on operators. With
 * `data` (the config as read), only the channels it names get their plugin's settings schema: building one costs, and
 * a cron-run check naming no channel should not pay for thirteen. Errors read the same either way: a notifier of an
 * unknown type is told every known type, and a chat channel the config does not name is simply absent.
 */
export function configSchemaFor(specs: readonly AnyChannelSpec[], data?: unknown): typeof baseSchema {
  const named = data === undefined ? undefined : channelsNamed(data, specs);
  const key = named ? [...named].sort().join(' ') : '*';
  let cache = built.get(specs);
  if (!cache) built.set(specs, (cache = new Map()));
  const cached = cache.get(key);
  if (cached) return cached;
  const chats = specs.filter((p) => p.kind === 'chat');
  const notifiers = specs.filter((p) => p.kind === 'notifier');
  const ids = Object.fromEntries(
    chats
      .filter((p) => p.operatorKey)
      .map((p) => [
        p.operatorKey!,
        p.numericOperatorId
          ? z.union([z.string(), z.number().int()]).transform(String).optional()
          : z.string().optional(),
      ]),
  );
  const types = notifiers.map((p) => p.type);
  const used = (p: AnyChannelSpec) => !named || named.has(`${p.kind}:${p.type}`);
  // A notifier list whose types are all unknown still needs one option for the union to say what it expects.
  const options = notifiers.filter(used).length
    ? notifiers.filter(used)
    : named?.has('notifier:?')
      ? notifiers.slice(0, 1)
      : [];
  const notifier = options.length
    ? z.discriminatedUnion(
        'type',
        options.map((p) =>
          (p.schema as unknown as z.ZodObject).extend({ type: z.literal(p.type), name: notifierName }),
        ) as unknown as [z.ZodObject, ...z.ZodObject[]],
        { error: said('config.schema.notifier_type', { types: types.join(', ') }) },
      )
    : z.never({ error: said('config.schema.no_notifier_types') });
  const schema = baseSchema.extend({
    operators: z.array(operator.extend(ids)).default([]),
    channels: z
      .strictObject({
        console: z.strictObject({}).optional(),
        ...Object.fromEntries(chats.filter(used).map((p) => [p.type, (p.schema as z.ZodType).optional()])),
        notifiers: z.array(notifier).default([]),
      })
      .default({ console: {}, notifiers: [] }),
  }) as unknown as typeof baseSchema;
  cache.set(key, schema);
  return schema;
}
const built = new WeakMap<readonly AnyChannelSpec[], Map<string, typeof baseSchema>>();

/**
 * The channels a config names, as `kind:type`: each chat channel key under `channels`, each notifier type in
 * `channels.notifiers`, and `notifier:?` when that list has entries of no known type (or no type at all).
 */
function channelsNamed(data: unknown, specs: readonly AnyChannelSpec[]): Set<string> {
  const named = new Set<string>();
  const channels = data && typeof data === 'object' ? (data as Record<string, unknown>).channels : undefined;
  if (!channels || typeof channels !== 'object') return named;
  for (const p of specs) if (p.kind === 'chat' && p.type in channels) named.add(`chat:${p.type}`);
  const list = (channels as Record<string, unknown>).notifiers;
  for (const n of Array.isArray(list) ? list : []) {
    const type = n && typeof n === 'object' ? (n as Record<string, unknown>).type : undefined;
    named.add(specs.some((p) => p.kind === 'notifier' && p.type === type) ? `notifier:${String(type)}` : 'notifier:?');
  }
  return named;
}

export type RawConfig = z.output<typeof baseSchema>;
export type ServiceConfig = z.output<typeof service>;
/** One `channels.notifiers[]` entry: its plugin's settings plus `type` and an optional `name` (default: the type). */
export type NotifierConfig = { type: string; name?: string } & Record<string, unknown>;
export type HttpConfig = RawConfig['http'];
export type AlertsConfig = RawConfig['alerts'];
export type DeadmanConfig = NonNullable<RawConfig['deadman']>;

/** A target with every path resolved. */
export interface TargetConfig {
  name: string;
  hermes_home: string;
  log_file: string;
  agent_log_file: string;
  state_file: string;
  pid_file: string;
  /** Expected platforms; undefined = those listed in gateway_state.json. */
  platforms?: string[];
  service: ServiceConfig;
  /** Hermes profile name derived from hermes_home (`` for the default home). */
  profile: string;
  /** This target's own detect.reachability, when it says one. */
  reachability?: RawConfig['detect']['reachability'];
  /** `hermes_cli`: how to run Hermes' CLI for this home; default `[hermes]`. */
  hermes_cli?: string[];
}

export interface Config extends Omit<RawConfig, 'targets' | 'operators'> {
  operators: Operator[];
  /** File the config came from, if any. */
  source?: string;
  targets: TargetConfig[];
  /** Every channel the config names but the console, in order, as its plugin describes it. */
  channelList: ConfiguredChannel[];
  /** Set when the targets came from discovery (no `targets` key): what was found under `root`, for doctor. */
  discovered?: {
    root: string;
    homes: { name: string; home: string; mode: 'root' | 'standalone' | 'served' | 'cli_only' }[];
  };
}
