// The config contract. Keys are snake_case like Hermes' own config.yaml; durations are strings (`90s`, `10m`, `1h`)
// and come out of parsing as milliseconds. The base schema knows no channel by name: each channel plugin brings its
// own settings schema and operator id field (src/config/channel-spec.ts), and configSchemaFor puts them in.
import * as z from '../util/zod.js';
import { nodeCron } from '../util/cron.js';
import { DURATION_RANGES, durationIn } from './durations.js';
import type { AnyChannelSpec } from './channel-spec.js';
import type { ConfiguredChannel } from './channels.js';
import type { Operator } from '../types.js';
import { said } from './schema-text.js';
import { isZone, parseWeekly } from '../util/weekly.js';
import { httpUrl } from './http-url.js';
import { managerKinds, type ManagerKind } from '../evidence/service.js';

export { DURATION_RANGES };

/** 127.0.0.0/8, ::1 and localhost: reachable from this host only. */
export function isLoopbackListen(listen: string): boolean {
  const host = listen.slice(0, listen.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const argv = z
  .array(z.string({ error: said('config.schema.argument') }), { error: said('config.schema.argv') })
  .check(z.minLength(1, { error: said('config.schema.argv_empty') }));

/** A supervisor's kind, or auto: the kinds as registered when the file is read (a supervisor is its file and an entry). */
const managerKind = z.custom<'auto' | ManagerKind>().check(
  z.superRefine((v, ctx) => {
    const values = ['auto', ...managerKinds()];
    if (typeof v !== 'string' || !values.includes(v)) ctx.addIssue({ code: 'invalid_value', values, input: v });
  }),
);

const service = z.strictObject({
  manager: z._default(managerKind, 'auto'),
  /**
   * pm2: the app's name; supervisord: the program (`group:name` in a group); runit: the service folder, or its name
   * under /etc/service. Found from the live gateway when not given.
   */
  program: z.optional(z.string().check(z.minLength(1))),
  /** pm2: its home (PM2_HOME) when it is not the user's ~/.pm2. */
  pm2_home: z.optional(z.string().check(z.minLength(1))),
  /** supervisord: its server URL (`unix:///var/run/supervisor.sock`) when supervisorctl's own configuration does not name it. */
  supervisor_url: z.optional(z.string().check(z.minLength(1))),
  /** docker/podman: the container's name or id; default the one whose mounts put the home's root at /opt/data. */
  container: z.optional(z.string().check(z.minLength(1))),
  /** docker/podman: the gateway's s6 slot in it; default gateway-<profile> (gateway-default for the root). */
  slot: z.optional(z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, said('config.schema.slot')))),
  /** systemd unit; default hermes-gateway[-<profile>].service */
  unit: z.optional(z.string()),
  /** systemd --user (default) or system-wide */
  scope: z._default(z.enum(['user', 'system']), 'user'),
  /** launchd label; default ai.hermes.gateway[-<profile>] */
  label: z.optional(z.string()),
  is_active: z.optional(argv),
  start: z.optional(argv),
  restart: z.optional(argv),
  stop: z.optional(argv),
  /**
   * `start` runs the gateway itself in the foreground (`hermes gateway run`, a gateway started by hand): gatewatch
   * launches it detached, its output to the home's logs/gateway.stdout.log, instead of waiting for it to end.
   */
  detach: z.optional(z.boolean()),
});

/** detect.reachability, or a target's own: false, or per platform an http(s) URL or false. */
const reachability = z.union([
  z.literal(false),
  z.record(z.string(), z.union([z.literal(false), httpUrl(said('config.schema.api_url'))])),
]);

const target = z.strictObject({
  name: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: said('config.schema.short_name') })),
  hermes_home: z._default(z.string().check(z.minLength(1, { error: said('config.schema.hermes_home') })), '~/.hermes'),
  log_file: z.optional(z.string()),
  agent_log_file: z.optional(z.string()),
  state_file: z.optional(z.string()),
  pid_file: z.optional(z.string()),
  platforms: z.optional(z.array(z.string())),
  service: z._default(service, { manager: 'auto', scope: 'user' }),
  /** How to run Hermes' own CLI for this home (`hermes sessions delete`, §9.15), with HERMES_HOME set to it; default `[hermes]`. */
  hermes_cli: z.optional(argv),
  /**
   * false: gatewatch only watches this gateway, never restarts, starts or stops it, by itself or when asked (another
   * user's, one its operator keeps by hand). Default: it may, as remediate says.
   */
  restart: z.optional(z.boolean()),
  /**
   * This target's own detect.reachability, in its place: a gateway whose platforms are reached another way (through a
   * proxy of its own, or simulated, as the demo's are) says where, or false.
   */
  reachability: z.optional(reachability),
});

const operator = z.strictObject({
  name: z.string(),
  role: z.enum(['admin', 'viewer']),
});

// Notifiers come from their plugins: each owns its keys; the registry adds `type` and an optional instance `name`.
const notifierName = z.optional(
  z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: said('config.schema.short_name') })),
);
const channelName = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: said('config.schema.channel_name') }));
const channelList = z.array(channelName).check(z.minLength(1, { error: said('config.schema.channel_list') }));
const routeSeverity = z.enum(['critical', 'warning', 'info', 'ok'], { error: said('config.schema.severity') });

/** The shape every notifier entry has whatever its type; its plugin's schema checks the rest. */
const anyNotifier = z.looseObject({ type: z.string(), name: notifierName });

/** `channels:` as the base config sees it: the console, the notifiers, and one key per chat channel it does not know. */
const channels = z.looseObject({
  console: z.optional(z.strictObject({})),
  notifiers: z._default(z.array(anyNotifier), []),
});

const baseSchema = z.strictObject({
  locale: z._default(z.enum(['en', 'zh-CN']), 'en'),
  /** Secrets for ${VAR}: `KEY=value` lines, mode 600; default `env` beside the config (read by the loader, env-file.ts). */
  env_file: z.optional(z.string()),
  state_dir: z._default(
    z.string().check(z.minLength(1, { error: said('config.schema.state_dir') })),
    '~/.local/state/gatewatch',
  ),
  targets: z._default(z.array(target).check(z.minLength(1, { error: said('config.schema.targets') })), [
    { name: 'default', hermes_home: '~/.hermes', service: { manager: 'auto', scope: 'user' } },
  ]),
  schedule: z._default(
    z.string().check(z.refine((s) => nodeCron().validate(s), { error: said('config.schema.cron') })),
    '*/1 * * * *',
  ),
  /** The weekly digest (src/core/report.ts): off unless configured. */
  report: z.optional(
    z.strictObject({
      every: z
        .string()
        .check(z.refine((s) => parseWeekly(s) !== undefined, { error: said('config.schema.report_every') })),
      /** Channel names (checked in load.ts); without, the digest goes where info alerts go. */
      to: z.optional(channelList),
      tz: z.optional(z.string().check(z.refine((s) => isZone(s), { error: said('config.schema.report_tz') }))),
    }),
  ),
  // The sections a config most often leaves out are built when it has them: zod builds a schema as its module loads
  // (every cold check paid for every section), and takes a section's default as it is, without parsing it.
  detect: z._default(
    z.lazy(() =>
      z.strictObject({
        disconnect_grace: z._default(durationIn(DURATION_RANGES.disconnect_grace), 90_000),
        storm: z._default(
          z.strictObject({
            disconnects: z._default(z.number().check(z.int(), z.gte(2)), 5),
            within: z._default(durationIn(DURATION_RANGES.storm_within), 600_000),
          }),
          { disconnects: 5, within: 600_000 },
        ),
        zombie_after: z._default(durationIn(DURATION_RANGES.zombie_after), 3_600_000),
        /** Tool calls at least this long in agent.log are quoted as likely event-loop blockers. */
        slow_tool: z._default(durationIn(DURATION_RANGES.slow_tool), 60_000),
        /** A gateway the operator stopped is left alone; one reminder when it is still stopped this long after. */
        operator_stop_reminder: z._default(durationIn(DURATION_RANGES.operator_stop_reminder), 12 * 3_600_000),
        /**
         * Per platform (`telegram: 6h`): a live gateway whose platform carried no inbound message this long is possibly
         * deaf. Off unless set: quiet is not dead, only the operator knows which chats are busy.
         */
        expect_inbound: z.optional(
          z.record(z.string(), durationIn(DURATION_RANGES.expect_inbound)).check(
            // zod's own record-key message says only "Invalid key in record".
            z.superRefine((r, ctx) => {
              for (const k of Object.keys(r)) {
                if (!/^[a-z][a-z0-9_]{1,31}$/.test(k))
                  ctx.addIssue({ code: 'custom', path: [k], message: said('config.schema.platform') });
              }
            }),
          ),
        ),
        /**
         * Where gatewatch checks from this host that a platform's servers answer (DNS, TCP, TLS) while the platform is
         * down: `{ qqbot: "https://api.sgroup.qq.com" }` overrides a platform's endpoint, `false` for one platform or for
         * all turns it off. Defaults: the platforms' documented API hosts (src/probes/reachability.ts).
         */
        reachability: z.optional(reachability),
        /**
         * This host's way out, checked (DNS, TCP, TLS) while a platform fails: a host that has nothing to do with the
         * platforms and that this host always reaches. Failing too, the outage is this host's network (src/detectors/
         * scope.ts). Off unless set: gatewatch calls no third party by itself.
         */
        egress: z.optional(z.union([z.literal(false), httpUrl(said('config.schema.egress_url'))])),
      }),
    ),
    {
      disconnect_grace: 90_000,
      storm: { disconnects: 5, within: 600_000 },
      zombie_after: 3_600_000,
      slow_tool: 60_000,
      operator_stop_reminder: 12 * 3_600_000,
    },
  ),
  remediate: z._default(
    z.lazy(() =>
      z.strictObject({
        auto_restart: z._default(z.boolean(), true),
        /**
         * The remedies gatewatch runs by itself; the others wait for an operator's /fix. auto_restart: false still means
         * no automatic restart or start, whatever this lists.
         */
        auto: z._default(z.array(z.enum(['restart', 'start', 'stop_process', 'stop_process_then_restart'])), [
          'restart',
          'start',
        ]),
        max_restarts: z._default(z.number().check(z.int(), z.gte(0)), 3),
        window: z._default(durationIn(DURATION_RANGES.window), 3_600_000),
        cooldown: z._default(durationIn(DURATION_RANGES.cooldown), 120_000),
        verify_timeout: z._default(durationIn(DURATION_RANGES.verify_timeout), 90_000),
        /**
         * How long an automatic restart for a cause that leaves the gateway serving waits for its busy agent turns
         * (gateway_state.json `active_agents`) to finish; 0 = do not wait. A dead or wedged gateway is restarted at once.
         */
        drain: z._default(durationIn(DURATION_RANGES.drain), 120_000),
      }),
    ),
    {
      auto_restart: true,
      auto: ['restart', 'start'],
      max_restarts: 3,
      window: 3_600_000,
      cooldown: 120_000,
      verify_timeout: 90_000,
      drain: 120_000,
    },
  ),
  alerts: z._default(
    z.lazy(() =>
      z.strictObject({
        remind_every: z._default(durationIn(DURATION_RANGES.remind_every), 1_800_000),
        flap: z._default(
          z.strictObject({
            transitions: z._default(z.number().check(z.int(), z.gte(2)), 4),
            within: z._default(durationIn(DURATION_RANGES.flap_within), 1_800_000),
          }),
          { transitions: 4, within: 1_800_000 },
        ),
        // Channel names are checked against the configured channels in load.ts (they depend on channels.*).
        routes: z.optional(
          z.array(z.strictObject({ severity: z.array(routeSeverity).check(z.minLength(1)), channels: channelList })),
        ),
        fallback: z.optional(z.record(channelName, channelList)),
        escalate: z.optional(
          z.strictObject({ after: durationIn(DURATION_RANGES.escalate_after), channels: channelList }),
        ),
        /** One send on one channel; then it is aborted (its connection closed), counts as failed and is retried. */
        send_timeout: z._default(durationIn(DURATION_RANGES.send_timeout), 10_000),
        /** `run` says on the phone what it watches once its first look is done: the first sign the chain works. */
        on_start: z._default(z.boolean(), false),
      }),
    ),
    { remind_every: 1_800_000, flap: { transitions: 4, within: 1_800_000 }, send_timeout: 10_000, on_start: false },
  ),
  /** Liveness poll of the gateway process between scheduled runs. */
  liveness_interval: z._default(durationIn(DURATION_RANGES.liveness_interval), 2_000),
  operators: z._default(z.array(operator), []),
  channels: z._default(channels, { console: {}, notifiers: [] }),
  /** /healthz, /metrics and /alertmanager (src/ops); off while listen is empty. */
  http: z._default(
    z.lazy(() =>
      z
        .strictObject({
          listen: z._default(
            z.string().check(
              z.regex(/^$|^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, { error: said('config.schema.listen') }),
              z.refine(
                (l) =>
                  l === '' ||
                  (Number(l.slice(l.lastIndexOf(':') + 1)) >= 1 && Number(l.slice(l.lastIndexOf(':') + 1)) <= 65535),
                { error: said('config.schema.port') },
              ),
            ),
            '',
          ),
          /** Required as `Authorization: Bearer …` on every path; an unauthenticated /healthz says up, degraded or down only. */
          token: z.optional(z.string().check(z.minLength(16, { error: said('config.schema.token') }))),
        })
        // Nothing listens beyond loopback without a token: the intake turns POSTs into alerts on the operators' phones.
        .check(
          z.refine((h) => !h.listen || h.token !== undefined || isLoopbackListen(h.listen), {
            error: said('config.schema.listen_token'),
            path: ['listen'],
          }),
        ),
    ),
    { listen: '' },
  ),
  /**
   * The fleet (src/probes/fleet.ts): the Prometheus that scrapes every gatewatch, asked while a platform fails here for
   * `gatewatch_platform_up` of that platform on the other instances. Most of them down too: the platform, for everyone.
   */
  fleet: z.optional(
    z.strictObject({
      prometheus: httpUrl(said('config.schema.prometheus_url')),
      /** This gatewatch's own `instance` label there, left out of the count; without it, one of the instances that see the platform down is taken for this one. */
      instance: z.optional(z.string().check(z.minLength(1))),
      /** The fewest other instances that must report the platform for their majority to count. */
      min_others: z._default(z.number().check(z.int(), z.gte(1)), 2),
    }),
  ),
  /** Dead man's switch: GET url every `every` while healthy, url + /fail when not (healthchecks.io style). */
  deadman: z.optional(
    z.strictObject({
      url: httpUrl(said('config.schema.ping_url')),
      every: z._default(durationIn(DURATION_RANGES.deadman_every), 300_000),
      timeout: z._default(durationIn(DURATION_RANGES.deadman_timeout), 10_000),
    }),
  ),
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
          ? z.optional(z.pipe(z.union([z.string(), z.number().check(z.int())]), z.transform(String)))
          : z.optional(z.string()),
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
          z.extend(p.schema as unknown as z.ZodMiniObject, { type: z.literal(p.type), name: notifierName }),
        ) as unknown as [z.ZodMiniObject, ...z.ZodMiniObject[]],
        { error: said('config.schema.notifier_type', { types: types.join(', ') }) },
      )
    : z.never({ error: said('config.schema.no_notifier_types') });
  const schema = z.extend(baseSchema, {
    operators: z._default(z.array(z.extend(operator, ids)), []),
    channels: z._default(
      z.strictObject({
        console: z.optional(z.strictObject({})),
        ...Object.fromEntries(chats.filter(used).map((p) => [p.type, z.optional(p.schema as z.ZodMiniType)])),
        notifiers: z._default(z.array(notifier), []),
      }),
      { console: {}, notifiers: [] },
    ),
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
  /** false: watched only, never restarted, started or stopped by gatewatch. */
  restart?: boolean;
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
