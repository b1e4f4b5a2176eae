// The suite's polling helper (test/helpers/until.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slowdown, until, where } from '../helpers/until.js';

// The timings below are a quiet box's: held at one whatever this box's load.
const was = process.env.GATEWATCH_TEST_SLOWDOWN;
beforeAll(() => void (process.env.GATEWATCH_TEST_SLOWDOWN = '1'));
afterAll(() => {
  if (was === undefined) delete process.env.GATEWATCH_TEST_SLOWDOWN;
  else process.env.GATEWATCH_TEST_SLOWDOWN = was;
});

describe('a wait on a busy box (issue 80 item 7)', () => {
  it('is as long as its bound on a quiet box, times the load per core on a busy one, eight times at most', () => {
    expect(slowdown({}, 0.5, 2)).toBe(1);
    expect(slowdown({}, 2, 2)).toBe(1);
    expect(slowdown({}, 26, 2)).toBe(8);
    expect(slowdown({}, 6, 2)).toBe(3);
  });
  it('or what GATEWATCH_TEST_SLOWDOWN says', () => {
    expect(slowdown({ GATEWATCH_TEST_SLOWDOWN: '4' }, 0, 2)).toBe(4);
    expect(slowdown({ GATEWATCH_TEST_SLOWDOWN: 'x' }, 6, 2)).toBe(3);
  });
  it('stretches until’s bound', async () => {
    process.env.GATEWATCH_TEST_SLOWDOWN = '3';
    const err = await until('never', () => false, { timeoutMs: 20, everyMs: 5 }).catch((e: Error) => e);
    process.env.GATEWATCH_TEST_SLOWDOWN = '1';
    expect((err as Error).message).toMatch(/^timed out after 60 ms waiting for never/);
  });
});

describe('until', () => {
  it('resolves with the first truthy value the probe gives, sync or async', async () => {
    let n = 0;
    await expect(until('the third try', () => (++n >= 3 ? { n } : undefined), { everyMs: 1 })).resolves.toEqual({
      n: 3,
    });
    let m = 0;
    await expect(until('a count', async () => ++m - 1, { everyMs: 1 })).resolves.toBe(1);
    await expect(until('at once', () => 'yes')).resolves.toBe('yes');
  });

  it('retries a probe that threw or rejected, and resolves once it gives a value', async () => {
    let n = 0;
    const got = await until(
      'a flaky probe',
      async () => {
        n++;
        if (n === 1) throw new Error('not listening yet');
        if (n === 2) return Promise.reject(new Error('still starting'));
        return `after ${n} tries`;
      },
      { everyMs: 1 },
    );
    expect(got).toBe('after 3 tries');
  });

  it('rejects past the timeout naming what it waited for, the timeout and the last error', async () => {
    let n = 0;
    const t0 = Date.now();
    const err = await until(
      'the socket',
      () => {
        throw new Error(`ECONNREFUSED #${++n}`);
      },
      { timeoutMs: 120, everyMs: 10 },
    ).catch((e: Error) => e);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      `timed out after 120 ms waiting for the socket; last error: ECONNREFUSED #${n}`,
    );
    expect(n).toBeGreaterThanOrEqual(2); // at least at once and at the deadline
  });

  it('reports the last value when the probe gave one after an error', async () => {
    let n = 0;
    const err = await until(
      'a count of 5',
      () => {
        if (++n === 1) throw new Error('boom');
        return 0;
      },
      { timeoutMs: 50, everyMs: 5 },
    ).catch((e: Error) => e);
    expect((err as Error).message).toBe('timed out after 50 ms waiting for a count of 5; last value: 0');
  });

  it('polls between probes, not in a busy loop, and probes once more at the deadline', async () => {
    let n = 0;
    await until('never', () => (n++, false), { timeoutMs: 100, everyMs: 40 }).catch(() => undefined);
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(6); // at 0, 40, 80 and 100 ms (a timer may wake a millisecond early: one more)
    let m = 0;
    const t0 = Date.now();
    await until('never', () => (m++, false), { timeoutMs: 30, everyMs: 5_000 }).catch(() => undefined);
    expect(m).toBeGreaterThanOrEqual(2); // at once and at the deadline, not a poll interval later
    expect(m).toBeLessThanOrEqual(3); // (a timer may wake a millisecond before the deadline: one more)
    expect(Date.now() - t0).toBeLessThan(2_000);
  });
});

describe('where', () => {
  it('resolves with the getter value once the test holds, and a timeout shows the value it had', async () => {
    let n = 0;
    await expect(
      until(
        'three findings',
        where(
          () => ({ findings: ++n }),
          (r) => r.findings >= 3,
        ),
        { everyMs: 1 },
      ),
    ).resolves.toEqual({ findings: 3 });
    const err = await until(
      'a healthy start',
      where(
        async () => ({ findings: ['qq_banned'] }),
        (r) => r.findings.length === 0,
      ),
      { timeoutMs: 30, everyMs: 5 },
    ).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      'timed out after 30 ms waiting for a healthy start; last value: {"findings":["qq_banned"]}',
    );
  });

  it('says so when the test holds for a falsy value, which until cannot resolve with', async () => {
    const err = await until(
      'the end of the evaluation',
      where(
        () => undefined,
        (t) => t === undefined,
      ),
      { timeoutMs: 20, everyMs: 5 },
    ).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/last error: where: the test holds for undefined, .*probe for true instead/);
  });
});
