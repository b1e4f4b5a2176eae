// How a command's answer is printed on the terminal: its replies as text, or --json (the reply models, or the
// command's own figures), and --png (its picture into a file).
import { writeFile } from 'node:fs/promises';
import type { Reply } from '../types.js';
import { t } from '../i18n.js';
import { commandLine } from '../util/command-line.js';
import { cliIo, exit } from '../cli-io.js';
import { cliLocale } from './locale.js';

const renderText = async () => (await import('../delivery/render-text.js')).renderText;

/**
 * --json is read by scripts on this host, which run commands through the CLI: a button's `command` is the CLI's
 * (`gatewatch restart demo --yes`, not chat's `/restart demo confirm`), and its `ref` the command by what it does, for
 * a script that builds its own argument array. A button without a ref (an older daemon's) stays as it came.
 */
const cliButtons = (r: Reply): Reply =>
  r.buttons ? { ...r, buttons: r.buttons.map((b) => (b.ref ? { ...b, command: commandLine(b.ref, 'cli') } : b)) } : r;

/** How a chat command's answer is printed: `json` (its --json), `png` a file for its picture (--png). */
export interface PrintOptions {
  json: boolean;
  png?: string;
}

/** --png: the answer's picture into the file, or a one-line error and exit 73 (EX_CANTCREAT). */
async function writePicture(file: string, replies: readonly Reply[]): Promise<void> {
  const chart = replies.find((r) => r.chart)?.chart;
  if (!chart) return;
  try {
    const { chartPng } = await import('../delivery/chart-png.js');
    await writeFile(file, await chartPng(chart));
  } catch (err) {
    cliIo().stderr.write(`gatewatch: ${t(cliLocale(), 'cli.png_failed', { file, error: (err as Error).message })}\n`);
    exit(73);
  }
}

/** --json prints the replies, or an answer's own figures where it has them (Reply.data: that command's JSON contract). */
export async function printer({ json, png }: PrintOptions) {
  const replies: Reply[] = [];
  const render = json ? undefined : await renderText();
  return {
    replies,
    respond: async (r: Reply) => {
      replies.push(r);
      if (render) cliIo().stdout.write(render(r, { buttons: false }) + '\n\n');
    },
    flush: async () => {
      if (png !== undefined) await writePicture(png, replies);
      if (!json) return;
      const own = replies.find((r) => r.data !== undefined);
      cliIo().stdout.write(JSON.stringify(own ? own.data : replies.map(cliButtons), null, 2) + '\n');
    },
  };
}
