// The state store writes state.json after every evaluation: once a minute on a quiet gateway, for a state that has not
// changed. A write is seven round trips through libuv's threads and an fsync, a good part of the idle daemon's minute
// (issue 62): a save that would write what the file already holds writes nothing.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/core/state.js';
import { createStateDirHealth } from '../../src/state/health.js';
import { systemClock } from '../../src/util/clock.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** The file as a write leaves it: each write renames a new file over the old one. */
const written = async (file: string) => {
  const s = await stat(file);
  return `${s.ino} ${s.mtimeMs}`;
};

describe('the state store', () => {
  it('writes state.json when the state changed since its last write, and not again when it did not', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gw-state-'));
    dirs.push(dir);
    const log = pino({ level: 'silent' });
    const store = await openStateStore({
      clock: systemClock,
      stateDir: dir,
      log,
      health: createStateDirHealth({ log, onChange: () => undefined }),
    });
    const file = path.join(dir, 'state.json');
    await store.save();
    const first = await written(file);
    await store.save();
    await store.save();
    expect(await written(file)).toBe(first);

    store.state.positions.gw = { ino: 1, offset: 10 };
    await store.save();
    const second = await written(file);
    expect(second).not.toBe(first);
    expect(JSON.parse(await readFile(file, 'utf8')).positions).toEqual({ gw: { ino: 1, offset: 10 } });
    await store.save();
    expect(await written(file)).toBe(second);
    store.stop();
  });
});
