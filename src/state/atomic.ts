// Atomic JSON files: write to a temp file, fsync, rename. A crash mid-write leaves the old file intact.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { redactDeep } from '../util/redact.js';

const queues = new Map<string, Promise<unknown>>();

export async function writeJsonAtomic(file: string, data: unknown): Promise<void> {
  // Serialise writes per file so two renames never race.
  const prev = queues.get(file) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(async () => {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    const fh = await fs.open(tmp, 'w', 0o600);
    try {
      // State files quote log lines (alerts, evidence): they are redacted like everything that leaves the process.
      await fh.writeFile(JSON.stringify(redactDeep(data)));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
  });
  queues.set(file, next);
  try {
    await next;
  } finally {
    if (queues.get(file) === next) queues.delete(file);
  }
}

export async function readJson<T>(file: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    // A corrupt state file must not stop the watchdog: keep a copy for the operator and start fresh.
    await fs.rename(file, `${file}.corrupt-${Date.now()}`).catch(() => undefined);
    return fallback;
  }
}
