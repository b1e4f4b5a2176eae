// The gateway's memory and its ceiling, read every look (src/probes/memory.ts): from the kernel's files, read as such.
import { describe, expect, it } from 'vitest';
import { memoryCeiling, readRssKib } from '../../src/probes/memory.js';

const linux = process.platform === 'linux';

describe.runIf(linux)('a memory sample', () => {
  it("reads this process's RSS and a ceiling above it, taking no 64 KB buffer a file", async () => {
    const saved = Buffer.allocUnsafeSlow;
    let big = 0;
    Buffer.allocUnsafeSlow = (bytes: number) => {
      if (bytes >= 64 * 1024) big++;
      return saved.call(Buffer, bytes);
    };
    try {
      const rss = await readRssKib(process.pid);
      expect(rss).toBeGreaterThan(1024);
      const ceiling = await memoryCeiling(process.pid, rss!);
      expect(ceiling!.kib).toBeGreaterThan(rss!);
      expect(ceiling!.source).toMatch(/^(cgroup|host)$/);
    } finally {
      Buffer.allocUnsafeSlow = saved;
    }
    expect(big).toBe(0);
  });
});
