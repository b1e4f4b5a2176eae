// `init --yes` on a shared box (issue 80 item 3): another user's Hermes, under a unit this user can read, was written
// into the config as a target with restart rights, and the next `run` would have restarted it. Now it is said and
// written commented out; a box with only other users' gateways writes nothing and says how to take one.
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parse } from 'yaml';
import { execFile } from 'node:child_process';
import { runCliHere } from '../helpers/cli-run.js';
import { CLI } from '../helpers/paths.js';
import { endPodmanPause } from '../helpers/probe-procs.js';

const root = process.getuid?.() === 0;

/** A HOME whose user unit runs a gateway for a home owned by uid 65534 (nobody); with `own`, its own ~/.hermes too. */
function box(own: boolean): { home: string; other: string } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-init-others-'));
  const other = path.join(home, 'srv', 'nobody-hermes');
  mkdirSync(path.join(other, 'logs'), { recursive: true });
  writeFileSync(path.join(other, 'gateway_state.json'), JSON.stringify({ gateway_state: 'stopped', platforms: {} }));
  for (const p of [other, path.join(other, 'logs'), path.join(other, 'gateway_state.json')]) chownSync(p, 65534, 65534);
  const units = path.join(home, '.config', 'systemd', 'user');
  mkdirSync(units, { recursive: true });
  writeFileSync(
    path.join(units, 'hermes-gateway-nobody.service'),
    `[Service]\nExecStart=/usr/bin/hermes gateway run\nEnvironment=HERMES_HOME=${other}\n`,
  );
  if (own) {
    mkdirSync(path.join(home, '.hermes', 'logs'), { recursive: true });
    writeFileSync(
      path.join(home, '.hermes', 'gateway_state.json'),
      JSON.stringify({ gateway_state: 'running', platforms: { telegram: { state: 'connected' } } }),
    );
  }
  return { home, other };
}

const env = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', HERMES_HOME: '' };

describe.runIf(root)('init --yes on a box another user’s gateway shares', () => {
  it('takes this user’s gateway, and says the other’s and writes it commented out', async () => {
    const { home, other } = box(true);
    const r = await runCliHere(home, ['init', '--yes'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`at ${other}.*another user's \\(nobody\\): written commented out, not watched`),
    );
    const text = readFileSync(path.join(home, '.config', 'gatewatch', 'config.yaml'), 'utf8');
    const config = parse(text) as { targets: { hermes_home: string }[] };
    // Other gateways of this host (other tests') may be found too: these assertions are about this HOME's.
    expect(config.targets.map((t) => t.hermes_home).filter((h) => h.startsWith(home))).toEqual([
      path.join(home, '.hermes'),
    ]);
    expect(text).toContain("# nobody's gateway, not watched: another user's.");
    expect(text).toMatch(new RegExp(`^  #   hermes_home: "${other}"$`, 'm'));
    // As written, it validates; uncommented, the other's is a target like any.
    expect((await runCliHere(home, ['validate'], { env })).code).toBe(0);
  });

  it('asked, another user’s gateway defaults to not watched, and its commented block keeps `restart: false`', async () => {
    const { home, other } = box(true);
    // The channel only: every question after it takes its default (other tests' gateways may be asked about too).
    const r = await runCliHere(home, ['init'], { env, input: '\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Watch \\S+ \\(.*${other}.*\\), nobody's gateway\\? \\[y/N\\]: `));
    const text = readFileSync(path.join(home, '.config', 'gatewatch', 'config.yaml'), 'utf8');
    const config = parse(text) as { targets: { hermes_home: string; restart?: boolean }[] };
    expect(config.targets.filter((t) => t.hermes_home.startsWith(home))).toEqual([
      expect.objectContaining({ hermes_home: path.join(home, '.hermes') }),
    ]);
    expect(config.targets.find((t) => t.hermes_home === path.join(home, '.hermes'))?.restart).toBeUndefined();
    const block = text.slice(text.indexOf("# nobody's gateway"));
    expect(block).toMatch(new RegExp(`^  #   hermes_home: "${other}"\\n(  # .*\\n)*?  #   restart: false$`, 'm'));
  });

  it('with only other users’ gateways, writes nothing and says how to take one', async () => {
    // As a user of its own (uid 65533): every other gateway of this host (other tests', root's) is another's too.
    const { home, other } = box(false);
    chownSync(home, 65533, 65533);
    for (const d of ['.config', '.config/systemd', '.config/systemd/user']) chownSync(path.join(home, d), 65533, 65533);
    chownSync(path.join(home, '.config/systemd/user/hermes-gateway-nobody.service'), 65533, 65533);
    const asUser = (args: string[]) =>
      new Promise<{ code: number; out: string }>((resolve) =>
        execFile(
          'setpriv',
          ['--reuid=65533', '--regid=65533', '--clear-groups', process.execPath, CLI, ...args],
          { cwd: home, env: { ...process.env, ...env, HOME: home, GATEWATCH_LOG_LEVEL: 'error' }, timeout: 60_000 },
          (err, stdout, stderr) =>
            resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: stdout + stderr }),
        ),
      );
    // init asks that user's podman too, whose pause process would outlive the test.
    onTestFinished(() => endPodmanPause(home));
    const r = await asUser(['init', '--yes']);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain("only other users' gateways found (");
    expect(r.out).toContain(`${other} (nobody)`);
    expect(existsSync(path.join(home, '.config', 'gatewatch', 'config.yaml'))).toBe(false);
    // Named on the command line, it is the one to watch.
    const named = await asUser(['init', '--yes', '--hermes-home', other]);
    expect(named.code, named.out).toBe(0);
  });
});
