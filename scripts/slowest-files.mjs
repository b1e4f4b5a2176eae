// npm test's last words on its time (a vitest reporter beside the default one): the run's wall time against the suite's
// goal, and its slowest files, so that a slow test is seen the day it lands (issue 81: 200 s on two quiet cores).
import { knownDurations } from './known-durations.mjs';

const GOAL_S = 200;
const SHOWN = 8;
/** A file this long that test/helpers/known-durations.json does not know (or knows as less than half) is named. */
const UNKNOWN_FROM_S = 30;

export default class SlowestFiles {
  onInit() {
    this.started = performance.now();
  }

  onTestRunEnd(testModules) {
    // A run of a few files (`npm test -- test/cli.test.ts`) is not the suite: its time says nothing of the goal.
    if (testModules.length < 50) return;
    const wall = (performance.now() - this.started) / 1000;
    const all = testModules
      .map((m) => ({ file: m.relativeModuleId, s: m.diagnostic().duration / 1000 }))
      .sort((a, b) => b.s - a.s);
    const files = all.slice(0, SHOWN);
    const known = knownDurations();
    const unknown = all.filter((f) => f.s >= UNKNOWN_FROM_S && !(known[f.file] * 2 >= f.s)).map((f) => f.file);
    const width = Math.max(...files.map((f) => f.file.length));
    const lines = [
      '',
      `The suite took ${wall.toFixed(0)} s (goal ${GOAL_S} s on two quiet cores); its slowest files:`,
      ...files.map((f) => `  ${f.file.padEnd(width)}  ${f.s.toFixed(1).padStart(6)} s`),
      '',
      ...(unknown.length
        ? [
            `A fresh clone would start these last, as short files (test/helpers/known-durations.json does not say how long they take): ${unknown.join(', ')}. \`npm run test:durations\` writes it from this run.`,
            '',
          ]
        : []),
    ];
    process.stdout.write(lines.join('\n'));
  }
}
