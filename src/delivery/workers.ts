// One loop per channel, as Alertmanager's notify gives each receiver its own pipeline: a channel whose endpoint hangs
// holds up its own queue only, never another channel's. Each loop runs one pass at a time; a kick during a pass runs
// one more pass after it, so nothing asked for is missed and passes never pile up.

export interface Workers {
  /** Run `name`'s pass now, or once more after the one under way. Resolves when its loop is idle. */
  kick(name: string): Promise<void>;
  /** Resolves once no loop runs, including loops kicked while waiting. */
  idle(): Promise<void>;
}

export function createWorkers(
  pass: (name: string) => Promise<void>,
  onError: (name: string, err: unknown) => void,
): Workers {
  const loops = new Map<string, { run: Promise<void>; again: boolean }>();
  return {
    kick(name) {
      const busy = loops.get(name);
      if (busy) {
        busy.again = true;
        return busy.run;
      }
      const loop = { run: Promise.resolve(), again: true };
      loops.set(name, loop);
      loop.run = (async () => {
        // Registered before the first pass begins: a kick from inside it finds this loop.
        await undefined;
        while (loop.again) {
          loop.again = false;
          await pass(name).catch((err) => onError(name, err));
        }
      })().finally(() => {
        if (loops.get(name) === loop) loops.delete(name);
      });
      return loop.run;
    },
    async idle() {
      while (loops.size) await Promise.all([...loops.values()].map((l) => l.run));
    },
  };
}
