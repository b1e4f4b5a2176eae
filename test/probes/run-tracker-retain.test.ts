// What the run tracker keeps for a run's lifetime (its head, its important records, the newest inbound line per
// platform) holds only its own text. The tailer cuts a read's lines from strings of up to 64 KB (one per 1 MB read
// before); a line sliced from one keeps all of it alive, so 45 catch-ups that each leave a QQ resume every ~130 KB
// would hold ~25 MB (40 MB with one string per read).
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createRunTracker } from '../../src/probes/run-tracker.js';
import { createLineDecoder } from '../../src/probes/line-decoder.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const MiB = 1024 * 1024;

const at = (i: number) =>
  `2026-06-22 09:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},000`;
const START = `2026-06-22 08:00:01,204 INFO gateway.run: Starting Hermes Gateway...`;

/** 1 MiB of the runner's traffic with, every 1000 lines, one the tracker keeps (a QQ resume), and a Feishu inbound line. */
function catchUp(round: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < MiB; i++) {
    const l =
      i % 1000 === 999
        ? `${at(round)} INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Session resumed`
        : i === 2001
          ? `${at(round)} INFO gateway.run: inbound message: platform=feishu user=ou_1 chat=oc_1 msg='round ${round}' reply_to_id=None reply_to_text=''`
          : `${at(round)} INFO gateway.run: response ready: platform=qqbot chat=A37B time=1.2s api_calls=1 response=${i} chars`;
    lines.push(l);
    size += l.length + 1;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / MiB;
};

describe('run tracker memory', () => {
  it.each([
    ['lines', false],
    ['pieces of whole lines (pushText)', true],
  ])('keeps no read it took a kept line from, handed %s', (_how, pieces) => {
    const tr = createRunTracker({ file: 'gateway.log', run: [], previous: [], runStartSeen: false });
    tr.pushLines([START]);
    const decoder = createLineDecoder(64 * 1024);
    let offset = 0;
    let before = 0;
    for (let round = 0; round < 45; round++) {
      const buf = catchUp(round);
      // One read, decoded as the tailer decodes it: its lines are cut from one string.
      if (pieces) tr.pushText(decoder.take(buf, offset, true));
      else tr.pushLines(decoder.take(buf, offset));
      offset += buf.length;
      if (round === 4) before = heapMb();
    }
    const grew = heapMb() - before;
    const view = tr.view();
    // The tracker did keep them: every resume, and the newest Feishu inbound line.
    expect(view.run.filter((r) => r.message.endsWith('Session resumed')).length).toBe(45 * 8);
    expect(view.inboundDropped?.feishu).toBeDefined();
    expect(grew).toBeLessThan(5);
  });
});
