// The CLI's own words in the reader's language: commander's help headings, its help and version options, and its
// errors. The locale comes from $LC_ALL/$LANG, before any config is read (a config's `locale` words command output).
import type { Command } from 'commander';
import { labelled, t, type TextKey } from './i18n.js';
import type { Locale } from './types.js';
import { cliIo, exit } from './cli-io.js';

/** commander's headings, each on a line of its own. */
const TITLES: Record<string, 'cli.help.options'> = {
  'Arguments:': 'cli.help.arguments' as 'cli.help.options',
  'Options:': 'cli.help.options',
  'Global Options:': 'cli.help.global_options' as 'cli.help.options',
  'Commands:': 'cli.help.commands' as 'cli.help.options',
};

/** How commander starts its help: the usage line, `Usage: ` and the command's usage after it. */
const USAGE = 'Usage: ';

/** commander's errors about the command line itself: usage errors, exit 64 (EX_USAGE) as every other one. */
const USAGE_ERRORS = new Set([
  'commander.unknownOption',
  'commander.unknownCommand',
  'commander.missingArgument',
  'commander.optionMissingArgument',
  'commander.invalidArgument',
  'commander.excessArguments',
  'commander.conflictingOption',
  'commander.missingMandatoryOptionValue',
]);

/** Set on the program before any command is added: each command copies these settings when it is created. */
export function localizeCommander(program: Command, locale: Locale): void {
  program.exitOverride((err) => exit(USAGE_ERRORS.has(err.code) ? 64 : err.exitCode));
  // Help, the version and commander's errors go to the run's streams, as everything else the CLI says.
  const streams = {
    writeOut: (s: string) => void cliIo().stdout.write(s),
    writeErr: (s: string) => void cliIo().stderr.write(s),
  };
  // Every error is one `gatewatch: …` line (docs/cli.md, exit codes), commander's too, in the reader's language.
  program.configureOutput({ ...streams, outputError: (s, write) => write(commanderError(s, locale)) });
  if (locale === 'en') return;
  program.configureHelp({
    styleTitle: (s) => (TITLES[s] ? t(locale, TITLES[s]) : s),
    // The usage line's colon is the reader's (labelled): a full-width one in Chinese, with no ASCII space after it.
    formatHelp(cmd, helper) {
      const text: string = Object.getPrototypeOf(helper).formatHelp.call(helper, cmd, helper);
      return text.startsWith(USAGE) ? labelled(locale, t(locale, 'cli.help.usage'), text.slice(USAGE.length)) : text;
    },
  });
  program.helpOption('-h, --help', t(locale, 'cli.help.help'));
  program.helpCommand('help [command]', t(locale, 'cli.help.help'));
}

/** One of commander's error messages in `locale`; a message not known here stays as commander wrote it. */
export function commanderError(message: string, locale: Locale): string {
  let m: RegExpMatchArray | null;
  const out = (key: TextKey, params: Record<string, string>, rest: string) => {
    const hint = /\(Did you mean (.+)\?\)/.exec(rest);
    return `${t(locale, 'cli.error.prefix')}${t(locale, key as 'cli.error.unknown_option', params as { option: string })}${hint ? t(locale, 'cli.error.did_you_mean', { suggestion: hint[1]! }) : ''}\n`;
  };
  if ((m = message.match(/^error: unknown option '(.+?)'([\s\S]*)$/)))
    return out('cli.error.unknown_option', { option: m[1]! }, m[2]!);
  if ((m = message.match(/^error: unknown command '(.+?)'([\s\S]*)$/)))
    return out('cli.error.unknown_command', { command: m[1]! }, m[2]!);
  if ((m = message.match(/^error: missing required argument '(.+?)'([\s\S]*)$/)))
    return out('cli.error.missing_argument', { argument: m[1]! }, m[2]!);
  if ((m = message.match(/^error: option '(.+?)' argument missing([\s\S]*)$/)))
    return out('cli.error.option_argument_missing', { option: m[1]! }, m[2]!);
  if ((m = message.match(/^error: option '(.+?)' argument '(.*?)' is invalid\. Allowed choices are (.+)\.\s*$/)))
    return out('cli.error.invalid_choice', { option: m[1]!, value: m[2]!, choices: m[3]! }, '');
  return message;
}
