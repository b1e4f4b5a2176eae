// The questions of `gatewatch init`, one line each from stdin: typed at a terminal, or piped in by a script (each
// line answers the next question; at the end of input every question left takes its default).
import readline from 'node:readline';

export interface Asker {
  /** The answer, trimmed; '' when nothing was typed or the input has ended. */
  ask(question: string): Promise<string>;
  close(): void;
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
    async ask(question) {
      output.write(question);
      const line = await next();
      // Piped answers are not echoed by a terminal: end the question's line ourselves.
      if (line === undefined || !input.isTTY) output.write('\n');
      return (line ?? '').trim();
    },
    close: () => rl.close(),
  };
}
