import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { execSight } from '../../src/probes/proc-exec.js';

const linux = process.platform === 'linux';

describe.runIf(linux)('execSight', () => {
  it("marks this process by its start and its arguments' span, which is as long as its command line", () => {
    const text = readFileSync('/proc/self/stat', 'latin1');
    const sight = execSight(text)!;
    expect(sight).toMatchObject({ state: 'R', kernelThread: false });
    const [start, argStart, argEnd] = sight.mark!.split(' ').map(Number);
    expect(start).toBe(Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[19]));
    expect(argEnd! - argStart!).toBe(readFileSync('/proc/self/cmdline').length);
  });

  it('reads the fields after the last paren of a name with spaces and parens', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[0] = 'S';
    fields[6] = '4194560';
    const sight = execSight(`4242 (a) b (c) ${fields.join(' ')}\n`);
    expect(sight).toEqual({ state: 'S', kernelThread: false, mark: '22 48 49' });
  });

  it('tells a kernel thread by its flags, and gives no mark where /proc hides the span (0)', () => {
    const fields = Array.from({ length: 50 }, () => '0');
    fields[0] = 'I';
    fields[6] = '2129984'; // 0x208040: PF_KTHREAD among others
    expect(execSight(`2 (kthreadd) ${fields.join(' ')}`)).toEqual({ state: 'I', kernelThread: true });
    fields[6] = '4194560';
    expect(execSight(`4242 (python3) ${fields.join(' ')}`)).toEqual({ state: 'I', kernelThread: false });
  });

  it('is null for what is no stat line', () => {
    expect(execSight('')).toBeNull();
    expect(execSight('4242 (x)')).toBeNull();
  });
});
