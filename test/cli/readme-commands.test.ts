// The docs' command tables are checked against what the CLI and chat are built from (issue 45 item 1): the CLI
// table (docs/cli.md, and its Chinese twin) names every verb of `gatewatch --help` (the registry's commands and the
// CLI's own) with each of its options; the chat table (docs/chat-commands.md) has one row per command of the registry,
// its usage as /help says it and its role; the lists of verbs taking --json and answered on the control socket are
// the registry's. A command added without its row fails here.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { cliCommands, commands } from '../../commands/registry.js';
import { buildProgram } from '../../src/cli.js';
import { pageOf, readDoc, tableAfter } from '../helpers/docs.js';

const LOCALES = [
  {
    locale: 'en' as const,
    cli: '# Command line (CLI)',
    chat: '# Chat commands',
    json: /^(.*) take `--json` to print the reply models\./m,
  },
  {
    locale: 'zh-CN' as const,
    cli: '# 命令行（CLI）',
    chat: '# 聊天命令',
    json: /^(.*) 可加 `--json` 输出回复模型。/m,
  },
];

/** A first cell's forms: `` `gatewatch ack [target]` / `mute …` `` → ['gatewatch ack [target]', 'mute …']. */
const forms = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** The verbs of `gatewatch --help` (not commander's own `help`), each option (its flags) and subcommand of each. */
function verbs(): { name: string; options: string[][]; subcommands: string[] }[] {
  const flags = (c: Command) =>
    c.options
      .filter((o) => o.long !== '--config' && o.long !== '--json')
      .map((o) => [o.long!, ...(o.short ? [o.short] : [])]);
  return buildProgram()
    .commands.filter((c) => c.name() !== 'help')
    .map((c) => ({
      name: c.name(),
      options: [...flags(c), ...c.commands.flatMap(flags)],
      // A subcommand run by default (`demo` is `demo run`) is shown as the command itself.
      subcommands: c.commands.map((s) => s.name()).filter((s) => s !== 'run'),
    }));
}

describe.each(LOCALES)('$locale', ({ locale, cli, chat, json }) => {
  const cliPage = readDoc(pageOf('cli.md', locale));
  const chatPage = readDoc(pageOf('chat-commands.md', locale));

  it('the CLI table has a row for every verb, naming each of its options; and no row for a verb there is not', () => {
    const rows = tableAfter(cliPage, cli).map((r) => ({
      cell: r[0]!,
      verbs: forms(r[0]!).map((f) => f.replace(/^gatewatch /, '').split(' ')[0]!),
    }));
    const all = verbs();
    for (const v of all) {
      const row = rows.find((r) => r.verbs.includes(v.name));
      expect(row, `a row for gatewatch ${v.name}`).toBeDefined();
      // An option by its long or its short flag (`-n N`).
      for (const o of v.options)
        expect(
          o.some((f) => new RegExp(`${f}\\b`).test(row!.cell)),
          `gatewatch ${v.name} ${o[0]} in: ${row!.cell}`,
        ).toBe(true);
      for (const s of v.subcommands) expect(row!.cell, `gatewatch ${v.name} ${s}`).toContain(`${v.name} ${s}`);
    }
    expect(rows.flatMap((r) => r.verbs).filter((v) => !all.some((x) => x.name === v))).toEqual([]);
  });

  it('the chat table has one row per command, with its usage and its role', () => {
    const rows = tableAfter(chatPage, chat);
    for (const cmd of commands) {
      const row = rows.find((r) => forms(r[0]!).some((f) => f.split(' ')[0] === `/${cmd.name}`));
      expect(row, `a row for /${cmd.name}`).toBeDefined();
      const own = forms(row![0]!).filter((f) => f.split(' ')[0] === `/${cmd.name}`);
      expect(own.join(' | '), `/${cmd.name}`).toBe(cmd.usage);
      expect(row![1], `/${cmd.name}`).toBe(cmd.role);
    }
    const named = rows.flatMap((r) => forms(r[0]!).map((f) => f.split(' ')[0]!.slice(1)));
    expect(named.filter((n) => !commands.some((c) => c.name === n))).toEqual([]);
  });

  it('the verbs that take --json for the reply models, and the verbs the control socket answers, are the registry’s', () => {
    const listed = [...(json.exec(cliPage)?.[1] ?? '').matchAll(/`([a-z]+)`/g)].map((m) => m[1]);
    expect(listed).toEqual(cliCommands.filter((c) => !c.cli!.json).map((c) => c.name));
    const socket = /a CLI verb and its arguments: ([a-z|]+)/.exec(cliPage)?.[1];
    expect(socket?.split('|')).toEqual(cliCommands.map((c) => c.name));
  });
});
