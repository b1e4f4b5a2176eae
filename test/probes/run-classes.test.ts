// The run tracker keeps the detectors' groups as records come and go (issue 21: a glance twice a second no longer passes
// over the whole run). Whatever the tracker adds and drops (the caps, a new run, a rotated or truncated file), the
// groups a view hands over must be exactly what a pass over the view's run finds, and so must the outage reading.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Evidence, LogView } from '../../src/evidence.js';
import { matching, runGroups } from '../../src/detectors/common.js';
import { readRunOutages } from '../../src/detectors/outages.js';
import { createRunTracker, type RunCaps } from '../../src/probes/run-tracker.js';
import { createLogTail } from '../../src/probes/log-tail.js';
import { RUN_CLASSES, type RunClasses } from '../../src/probes/run-classes.js';
import { fixtureText } from '../helpers/evidence.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { rng } from '../helpers/rng.js';
import { systemClock } from '../../src/util/clock.js';

/** Real Hermes logs, each its own run (a start line first): connection trouble, duplicates, tracebacks. */
const FIXTURES = [
  'qq-outage.log',
  'storm.log',
  'duplicates.log',
  'qq-4009-stuck.log',
  'qq-is-reconnect.log',
  'feishu-executor.log',
  'qq-queued-retry.log',
  'healthy.log',
];
const linesOf = (name: string) => fixtureText(name).split('\n').filter(Boolean);
/** Small caps, so records leave the tail and the important middle all the time. */
const CAPS: RunCaps = { head: 8, tail: 25, important: 12, previous: 10 };

function evidence(log: LogView): Evidence {
  return {
    target: 't',
    now: Date.now(),
    expectedPlatforms: ['qqbot', 'feishu'],
    process: { alive: true, pid: 4242 },
    processes: [],
    service: { manager: 'none' },
    state: null,
    log,
    slowTools: [],
  } as unknown as Evidence;
}

/** The view's kept groups and outages against a pass over its run (a copied view keeps no groups). */
/** Returns how many records the groups hold, so a test can tell it compared something. */
function expectSameAsFullPass(view: LogView): number {
  const kept = (view as { [RUN_CLASSES]?: RunClasses })[RUN_CLASSES];
  expect(kept?.run).toBe(view.run); // the kept groups are the ones read, not a fallback
  expect(kept?.version).toBe(runGroups.version());
  expect(Object.getOwnPropertySymbols({ ...view })).not.toContain(RUN_CLASSES);
  const fast = evidence(view);
  const full = evidence({ ...view });
  const at = (rs: unknown[]) => rs.map((r) => view.run.indexOf(r as never));
  let held = 0;
  for (let g = 0; g <= 30; g++) {
    expect(at(matching(fast, g)), `group ${g}`).toEqual(at(matching(full, g)));
    held += matching(fast, g).length;
  }
  expect(readRunOutages(fast)).toEqual(readRunOutages(full));
  return held;
}

describe('run tracker groups', () => {
  it('equal a pass over the run after every batch of real log text, through caps and new runs', () => {
    const next = rng(21);
    let groupsSeen = 0;
    const tracker = createRunTracker(
      { file: 'gateway.log', run: [], previous: [], runStartSeen: false },
      CAPS,
      runGroups,
    );
    for (const round of [0, 1]) {
      for (const name of FIXTURES) {
        const lines = linesOf(name);
        for (let i = 0; i < lines.length; ) {
          const n = 1 + Math.floor(next() * (round ? 40 : 6));
          tracker.pushLines(lines.slice(i, i + n));
          i += n;
          // Not every batch is viewed: lines also leave the tail unparsed.
          if (next() < 0.6) {
            groupsSeen += expectSameAsFullPass(tracker.view());
          }
        }
        expectSameAsFullPass(tracker.view());
      }
    }
    expect(tracker.dropped()).toBeGreaterThan(0);
    expect(groupsSeen).toBeGreaterThan(100);
  });

  it('a tracker replaying a history keeps them too', () => {
    const first = createRunTracker({ file: 'gateway.log', run: [], previous: [], runStartSeen: false }, CAPS);
    first.pushLines(linesOf('qq-outage.log'));
    const tracker = createRunTracker(first.view(), CAPS, runGroups);
    expectSameAsFullPass(tracker.view());
    tracker.pushLines(linesOf('storm.log').slice(0, 30));
    expectSameAsFullPass(tracker.view());
  });

  describe('fed by the tailer from a real file', () => {
    let file: string;
    beforeEach(async () => {
      file = path.join(await tempDir('gw-classes-'), 'gateway.log');
    });
    afterEach(cleanup);

    it('equal a pass over the run across a rotation, a truncation and a new run', async () => {
      const outage = linesOf('qq-outage.log');
      await fs.writeFile(file, outage.slice(0, 20).join('\n') + '\n');
      const tracker = createRunTracker({ file, run: [], previous: [], runStartSeen: false }, CAPS, runGroups);
      const tail = createLogTail({
        clock: systemClock,
        file,
        startAt: 'start',
        watch: false,
        onLines: (l) => tracker.pushLines(l),
      });
      const step = async () => {
        await tail.readNow();
        expectSameAsFullPass(tracker.view());
      };
      try {
        await step();
        await fs.appendFile(file, outage.slice(20, 60).join('\n') + '\n');
        await step();
        // Rotation: the rest of this run goes on in a new gateway.log.
        await fs.rename(file, `${file}.1`);
        await fs.writeFile(file, outage.slice(60).join('\n') + '\n');
        await step();
        // copytruncate: the file starts again from nothing, the run goes on.
        await fs.truncate(file, 0);
        await fs.appendFile(file, linesOf('qq-4009-stuck.log').slice(1, 40).join('\n') + '\n');
        await step();
        // A new run starts.
        await fs.appendFile(file, linesOf('storm.log').join('\n') + '\n');
        await step();
        expect(tracker.view().run[0]!.message).toBe('Starting Hermes Gateway...');
      } finally {
        await tail.stop();
      }
    });
  });
});
