// giveWay: what waits behind a long start-up step is served before the next one. A lone immediate queued from an I/O
// callback runs in the same pass of the loop, before due timers (the daemon's start held its loop ~100 ms so, one
// step after another); giveWay's second one runs after them.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { giveWay, nextTurn } from '../../src/util/next-turn.js';

/** After an I/O callback and a due timer: which came first, the timer or the yield's end. */
async function afterIo(yieldOnce: () => Promise<void>): Promise<string[]> {
  await readFile(new URL(import.meta.url));
  const seen: string[] = [];
  setTimeout(() => seen.push('timer'), 0);
  // The timer is due (its 1 ms has passed) before the yield begins.
  const until = performance.now() + 3;
  while (performance.now() < until);
  await yieldOnce();
  seen.push('yield ended');
  await new Promise((r) => setTimeout(r, 5));
  return seen;
}

describe('giveWay', () => {
  it('serves a due timer before the step after it', async () => {
    expect(await afterIo(giveWay)).toEqual(['timer', 'yield ended']);
  });

  it('where one immediate from an I/O callback does not', async () => {
    expect(await afterIo(nextTurn)).toEqual(['yield ended', 'timer']);
  });
});
