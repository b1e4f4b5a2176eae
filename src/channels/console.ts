// The console channel: stdin lines are commands from the local operator (an admin); replies and alerts go to stdout.
// It lets the bot be driven with no chat server at all.
import readline from 'node:readline';
import type { Channel, ChannelContext, Reply } from '../types.js';
import { renderText } from '../delivery/render-text.js';
import { qrFor } from '../delivery/qr-policy.js';

export interface ConsoleOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Called when stdin ends (the CLI stops the daemon unless told to keep running). */
  onEnd?: () => void;
}

export function createConsoleChannel(o: ConsoleOptions = {}): Channel {
  const input = o.input ?? process.stdin;
  const output = o.output ?? process.stdout;
  let rl: readline.Interface | undefined;
  let queue: Promise<void> = Promise.resolve();
  // The local operator is an admin; a terminal is theirs to read, a journal (under systemd) or a pipe is a log: the
  // login QR code's rows go only to the terminal.
  const tty = () => (output as NodeJS.WriteStream).isTTY === true;
  const write = (r: Reply) =>
    new Promise<void>((resolve) => {
      output.write(renderText(r) + '\n\n', () => resolve());
    });
  return {
    name: 'console',
    interactive: true,
    qrReach: tty,
    async start(ctx: ChannelContext) {
      rl = readline.createInterface({ input, terminal: false });
      rl.on('line', (line) => {
        const text = line.trim();
        if (!text) return;
        // One command at a time, in order, as a person typing would expect.
        queue = queue
          .then(() => ctx.handle({ channel: 'console', senderId: 'local', text }, write))
          .catch((err) => ctx.log.error({ err }, 'console command failed'));
      });
      rl.on('close', () => void queue.then(() => o.onEnd?.()));
    },
    async stop() {
      rl?.close();
    },
    async deliver(alert, signal) {
      // A write to stdout cannot be taken back once queued, so the signal only stops one that has not begun; a blocked
      // pipe is not waited on past it (the outbox stops waiting at its send timeout).
      if (signal?.aborted) return { status: 'failed', detail: 'cancelled before it was written' };
      await write(qrFor(alert, { role: 'admin', private: tty() }).reply);
      return { status: 'sent' };
    },
    health: () => ({ name: 'console', ok: true, summary: 'stdin/stdout' }),
  };
}
