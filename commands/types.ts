// The shape every command has. Commands build Reply models; channels render them. A viewer's command is handed the
// look port only, an admin's the act port too: the type of `run` says what a command can do. Each command owns the
// schema of its arguments and both ways of saying them: chat words (`fromWords`) and, when it has a verb on the command
// line, that verb's words and options (`cli`). The registry (registry.ts) lists every command once; chat, the CLI, the
// daemon's control socket, /help, `gatewatch --help` and the docs' tables all read it.
import type * as z from '../src/util/zod.js';
import type { ChannelKind, Locale, Operator, Respond, Role } from '../src/types.js';
import type { ActPort, LookPort } from './ports.js';
import type { Phrase, TextKey } from '../src/i18n.js';

export interface LookContext<A = Record<string, unknown>> {
  look: LookPort;
  operator: Operator;
  locale: Locale;
  channel: ChannelKind;
  args: A;
  respond: Respond;
  /** The commands this operator may run (for /help). */
  available: readonly Command[];
}

export interface ActContext<A = Record<string, unknown>> extends LookContext<A> {
  act: ActPort;
}

interface CommandInfo<A> {
  name: string;
  aliases?: string[];
  usage: string;
  /** Its line in /help. */
  summary: Phrase;
  /** The arguments, as the CLI and the control socket send them: checked here before the command runs. */
  args: z.ZodMiniType<A>;
  /** Chat words (`/logs 50 4009 demo`) as the arguments; `targets` are the configured target names. */
  fromWords(words: string[], targets: readonly string[]): unknown;
  /** Its verb on the command line (`gatewatch <name>`), if it has one: the daemon's control socket answers these. */
  cli?: CliVerb;
  /**
   * Answered on the daemon's control socket too, though the CLI's verb of that name is the CLI's own: `gatewatch demo
   * heal` asks the playground's daemon to heal through its own restart.
   */
  socket?: true;
}

/** An option of a CLI verb besides the ones every verb has (`--config`, `--json`). */
export interface CliOption {
  /** As commander takes it: `-n, --lines <n>`. */
  flags: string;
  description: TextKey;
}

/**
 * What a command line becomes: the command's arguments (checked by its schema where it runs), the words of a form
 * scripts used before the CLI had flags (`logs 30 4009`, read as chat reads them), a usage error (exit 64; the CLI
 * adds the verb's usage line) or another refusal with its own exit code. Refusals are worded in the terminal's locale.
 */
export type CliRequest =
  | { args: Record<string, unknown> }
  | { words: string[] }
  | { usage: string }
  | { refused: string; exit: number };

/**
 * A command's verb on the command line. Read by the CLI without loading any command's run (src/cli/verbs.ts), so a
 * verb's words and options are plain data and functions of them.
 */
export interface CliVerb {
  /** Its line in `gatewatch --help`. */
  description: TextKey;
  /** What follows `gatewatch <name>` in its usage line. */
  usage: string;
  /** Its words: `[args...]` unless named here; `false` for a verb that takes none. */
  words?: { name: string; description: TextKey } | false;
  options?: readonly CliOption[];
  /** What `--json` prints, in its help: the reply models unless said otherwise. */
  json?: TextKey;
  /** The words and options (commander's) as the command's request; `locale` is the terminal's. */
  request(words: string[], options: Record<string, unknown>, locale: Locale): CliRequest;
  /**
   * What a run without a daemon does besides the one-shot app: `credentials` asks each channel's service whether it
   * takes them (doctor), `channels` starts the configured channels to send through (test).
   */
  alone?: 'credentials' | 'channels';
  /** Its config may name a Hermes home that does not exist: it reports that rather than refusing to start (doctor). */
  reportsMissingHomes?: true;
  /** Answered with the check's findings (exit 0/1/2 by the worst) instead of reply models: `check`. */
  findings?: true;
}

// biome-ignore lint/suspicious/noExplicitAny: `Command` holds commands of every argument shape; each checks its own with `args` before it runs.
export interface ViewerCommand<A = any> extends CommandInfo<A> {
  role: 'viewer';
  run(c: LookContext<A>): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: `Command` holds commands of every argument shape; each checks its own with `args` before it runs.
export interface AdminCommand<A = any> extends CommandInfo<A> {
  role: 'admin';
  run(c: ActContext<A>): Promise<void>;
}

export type Command = ViewerCommand | AdminCommand;

/** A command without its run: everything every surface reads (its declaration, in verbs/). */
// biome-ignore lint/suspicious/noExplicitAny: as Command.
export type ViewerSpec<A = any> = Omit<ViewerCommand<A>, 'run'>;
// biome-ignore lint/suspicious/noExplicitAny: as Command.
export type AdminSpec<A = any> = Omit<AdminCommand<A>, 'run'>;

/** What a command does, in a module of its own (withRun). */
export interface CommandRun<C> {
  run(c: C): Promise<void>;
}

/**
 * A declaration and its run, which lives in a module of its own and loads the first time the command runs: the
 * registry, which the CLI reads at every start to build its verbs, loads no command's run.
 */
export function withRun<A>(spec: ViewerSpec<A>, load: () => Promise<CommandRun<LookContext<A>>>): ViewerCommand<A>;
export function withRun<A>(spec: AdminSpec<A>, load: () => Promise<CommandRun<ActContext<A>>>): AdminCommand<A>;
export function withRun(
  spec: ViewerSpec | AdminSpec,
  load: () => Promise<CommandRun<never>>,
): ViewerCommand | AdminCommand {
  return { ...spec, run: async (c: never) => (await load()).run(c) } as ViewerCommand | AdminCommand;
}

/** A command and its arguments, as the CLI sends them over the control socket. */
export interface CommandRequest {
  command: string;
  args: Record<string, unknown>;
}

/** Minimum role of a command. */
export type { Role };
