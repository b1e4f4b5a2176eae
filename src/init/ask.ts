// The questions of `gatewatch init`, one line each from stdin: typed at a terminal, or piped in by a script (each
// line answers the next question; at the end of input every question left takes its default).
import readline from 'node:readline';
import type { ReadStream } from 'node:tty';

export interface Asker {
  /**
   * The answer, trimmed; '' when nothing was typed or the input has ended. `secret`: a terminal does not echo it (a bot
   * token typed at init must not stay on the screen or in a terminal's scrollback).
   */
  ask(question: string, o?: { secret?: boolean }): Promise<string>;
  close(): void;
}

/** A line typed with the terminal's echo off, in raw mode: its backspaces applied (raw mode does not edit it). */
function edited(line: string): string {
  const out: string[] = [];
  for (const ch of line)
    if (ch === '\x7f' || ch === '\b') out.pop();
    else out.push(ch);
  return out.join('');
}

export function stdinAsker(
  input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Asker {
  const rl = readline.createInterface({ input, terminal: false });
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  rl.on('line', (l) => (waiting.length ? waiting.shift()!(l) : lines.push(l)));
  rl.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w(undefined);
  });
  const next = () =>
    new Promise<string | undefined>((resolve) =>
      lines.length ? resolve(lines.shift()) : ended ? resolve(undefined) : waiting.push(resolve),
    );
  return {
    async ask(question, o = {}) {
      output.write(question);
      // Echo off: raw mode, which hands over each key as typed (Enter a lone \r, which ends a line here too).
      const raw = o.secret && input.isTTY ? (input as Partial<ReadStream>).setRawMode?.bind(input) : undefined;
      raw?.(true);
      let line: string | undefined;
      try {
        line = await next();
      } finally {
        raw?.(false);
      }
      // Raw mode turns Ctrl-C into a character: it still interrupts.
      if (raw && line?.includes('\x03')) process.kill(process.pid, 'SIGINT');
      if (raw && line !== undefined) line = edited(line);
      // Piped answers are not echoed by a terminal, nor is a secret: end the question's line ourselves.
      if (line === undefined || !input.isTTY || raw) output.write('\n');
      return (line ?? '').trim();
    },
    close: () => rl.close(),
  };
}
