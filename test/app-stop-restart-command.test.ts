// A daemon told to stop while its restart command runs waits for that command before it lets go of anything: the
// playground's daemon stopped its demo gateway at exit, then the demo's `ctl.js restart` it had begun started a new one
// that nobody stopped (full runs of the suite left them running for good). The restart command here is a real process
// that ends only once told to; the daemon's channels, which it stops after, say whether it had ended by then.
import { existsSync, mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/harness.js';
import { liveHome } from './helpers/hermes-homes.js';
import { phone } from './helpers/phone.js';
import { cleanup } from './helpers/probe-procs.js';
import { until } from './helpers/until.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

// Marks `began`, ends (marking `ended`) once `go` exists.
const COMMAND = `const fs = require('fs'); const [began, go, ended] = process.argv.slice(1);
fs.writeFileSync(began, '');
setInterval(() => { if (fs.existsSync(go)) { fs.writeFileSync(ended, ''); process.exit(0); } }, 5);`;

describe('a daemon that stops during a restart', () => {
  it('waits for the restart command to end before it stops its channels', async () => {
    const p = phone();
    let endedWhenChannelStopped: boolean | undefined;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-stop-restart-'));
    const [began, go, ended] = ['began', 'go', 'ended'].map((f) => path.join(dir, f)) as [string, string, string];
    h = await startHarness({
      start: false,
      channels: [
        {
          ...p.ch,
          async stop() {
            endedWhenChannelStopped ??= existsSync(ended);
            await p.ch.stop();
          },
        },
      ],
      target: {
        platforms: ['telegram'],
        service: { manager: 'command', restart: [process.execPath, '-e', COMMAND, began, go, ended] },
      },
      config: { remediate: { cooldown: '0s', verify_timeout: '2s' } },
    });
    await liveHome(h.hermesHome);
    void h.say('/restart default confirm');
    await until('the restart command running', () => existsSync(began));

    const stopped = h.app.stop();
    // Told to end only now: a daemon that does not wait has stopped its channels long before this command sees it.
    await writeFile(go, '');
    await stopped;
    expect(existsSync(ended)).toBe(true);
    expect(endedWhenChannelStopped).toBe(true);
  });
});
