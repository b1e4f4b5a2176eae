// What leaves the host (issue 55 item 10), through the built daemon on the demo: the SIGTERM alert quoted Hermes'
// "Shutdown context" line whole, the parent's command line with it (on a real host its PID 1's); the state_dir and
// the demo's home and logs were 0755/0644, listed and read by every user of the host.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { stopDemo } from '../../src/demo/index.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHomeDir: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHomeDir) await stopDemo(demoHomeDir).catch(() => undefined);
});

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

describe('what leaves the host', { timeout: 120_000 }, () => {
  it("the SIGTERM alert names who sent it, not its command line; the state_dir and the demo's logs are the user's alone", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-leaves-'));
    const stateDir = path.join(home, '.local', 'state', 'gatewatch');
    demoHomeDir = path.join(stateDir, 'demo-hermes');
    // An older gatewatch's state_dir, open to every user: closed at start.
    mkdirSync(stateDir, { recursive: true, mode: 0o755 });
    expect(mode(stateDir)).toBe('755');
    const cli = startConsoleCli(home, ['run', '--console']);
    child = cli.child;
    let at = await cli.waitFor(/demo: healthy[^🔴]*QQ\s+connected/u, 0, '/status');
    cli.send('/demo fail sigterm');
    at = await cli.waitFor(/🔴 demo: Gateway was stopped by SIGTERM/u, at);
    await cli.waitFor(/Exiting with code 1/, at);
    const alert = cli.out().slice(at);
    const context = alert.split('\n').find((l) => l.includes('Shutdown context:'))!;
    // Who sent it: its pid and name, and whether systemd runs it; its command line stays here.
    expect(context).toMatch(/signal=SIGTERM under_systemd=\w+ parent_pid=\d+ parent_name=\S+ .*parent_cmdline=…$/);
    expect(alert).not.toContain("parent_cmdline='");
    await cli.waitFor(/✅ Restarted demo: verified in/, at);
    // Nor is it kept where it could leave later (the incident in state.json, the audit log).
    for (const file of ['state.json', 'audit.jsonl'])
      expect(readFileSync(path.join(stateDir, file), 'utf8'), file).not.toContain("parent_cmdline='");

    expect(mode(stateDir)).toBe('700');
    expect(mode(demoHomeDir)).toBe('700');
    expect(mode(path.join(demoHomeDir, 'logs'))).toBe('700');
    for (const log of ['gateway.log', 'gateway.stdout.log'])
      expect(mode(path.join(demoHomeDir, 'logs', log)), log).toBe('600');
    // The history is saved as the daemon stops: its folder too.
    await endCli(child);
    expect(mode(path.join(stateDir, 'history'))).toBe('700');
  });
});
