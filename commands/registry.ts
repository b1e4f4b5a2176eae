// Every command, once. Chat's words, the CLI's verbs (src/cli/verbs.ts), the daemon's control socket, /help,
// `gatewatch --help` and the docs' tables (a test) all read this list: a command is its declaration in verbs/ and
// one line here. The CLI reads the list at every start, so a command whose run needs more than the declaration's
// light imports keeps it in a module of its own, loaded when it first runs (withRun); the light ones run in place.
import { withRun, type Command } from './types.js';
import { status } from './verbs/status.js';
import { restart } from './verbs/restart.js';
import { fix } from './verbs/fix.js';
import { logs } from './verbs/logs.js';
import { check } from './verbs/check.js';
import { ack } from './verbs/ack.js';
import { mute } from './verbs/mute.js';
import { unmute } from './verbs/unmute.js';
import { history } from './verbs/history.js';
import { uptime } from './verbs/uptime.js';
import { incident } from './verbs/incident.js';
import { doctor } from './verbs/doctor.js';
import { test } from './verbs/test.js';
import { help } from './verbs/help.js';
import { demo } from './verbs/demo.js';
import { strangers } from './verbs/strangers.js';

export const commands: readonly Command[] = [
  withRun(status, () => import('./status.js').then((m) => m.status)),
  withRun(restart, () => import('./restart.js').then((m) => m.restart)),
  withRun(fix, () => import('./fix.js').then((m) => m.fix)),
  withRun(logs, () => import('./logs.js').then((m) => m.logs)),
  withRun(check, () => import('./check.js').then((m) => m.check)),
  ack,
  mute,
  unmute,
  withRun(history, () => import('./history.js').then((m) => m.history)),
  withRun(uptime, () => import('./uptime.js').then((m) => m.uptime)),
  withRun(incident, () => import('./incident.js').then((m) => m.incident)),
  withRun(doctor, () => import('./doctor.js').then((m) => m.doctor)),
  withRun(test, () => import('./test.js').then((m) => m.test)),
  help,
  withRun(demo, () => import('./demo.js').then((m) => m.demo)),
  withRun(strangers, () => import('./strangers-list.js').then((m) => m.strangersList)),
];

/** The command a chat word names (`/status`, `／st`, `Logs`), by its name or an alias. */
export function findCommand(word: string): Command | undefined {
  const w = word.replace(/^[/／]/, '').toLowerCase();
  return commands.find((c) => c.name === w || c.aliases?.includes(w));
}

/** The commands with a verb on the command line, in the list's order: the ones the daemon's control socket answers. */
export const cliCommands: readonly Command[] = commands.filter((c) => c.cli !== undefined);

/** The command a CLI verb (or a control request) names: by its name only, as a script spells it. */
export const cliCommand = (word: string): Command | undefined => cliCommands.find((c) => c.name === word);

/** What the daemon's control socket answers: the CLI's verbs, and the commands the CLI asks of a daemon by name. */
export const socketCommands: readonly Command[] = commands.filter((c) => c.cli !== undefined || c.socket === true);
