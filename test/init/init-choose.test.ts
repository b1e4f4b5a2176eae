// Interactive `gatewatch init` asks of each gateway it found: watch it, and may gatewatch restart it (issue 80 item 3).
// Asked after the channel, so that answers piped in the order earlier versions asked still answer the same questions.
// A gateway its operator does not let gatewatch restart is written with `restart: false`: watched, never acted on.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCliHere } from '../helpers/cli-run.js';

/** A HOME with ~/.hermes, a root gateway. */
function hermesHome() {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-init-choose-'));
  const root = path.join(home, '.hermes');
  mkdirSync(path.join(root, 'logs'), { recursive: true });
  writeFileSync(path.join(root, 'logs', 'gateway.log'), '');
  writeFileSync(
    path.join(root, 'gateway_state.json'),
    JSON.stringify({ gateway_state: 'running', platforms: { telegram: { state: 'connected' } } }),
  );
  return { home, root, env: { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', HERMES_HOME: '' } };
}

const configOf = (home: string) => path.join(home, '.config', 'gatewatch', 'config.yaml');
const targetsOf = (home: string) =>
  (parse(readFileSync(configOf(home), 'utf8')) as { targets: { hermes_home: string; restart?: boolean }[] }).targets;

describe('interactive init, gateway by gateway', () => {
  it('watch it, but gatewatch may not restart it: written with `restart: false`, and valid', async () => {
    const { home, root, env } = hermesHome();
    // The channel (console), then: watch default? yes; may gatewatch restart it? no.
    const r = await runCliHere(home, ['init', '--hermes-home', '~/.hermes'], { env, input: '\ny\nn\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Watch default \(root gateway; .*\)\? \[Y\/n\]: /);
    expect(r.stdout).toContain('May gatewatch restart default when a restart helps');
    expect(targetsOf(home)).toEqual([expect.objectContaining({ hermes_home: root, restart: false })]);
    expect((await runCliHere(home, ['validate'], { env })).code).toBe(0);
  });

  it('answers left out take the defaults --yes writes: this user’s gateway watched and restarted', async () => {
    const { home, root, env } = hermesHome();
    const r = await runCliHere(home, ['init', '--hermes-home', '~/.hermes'], { env, input: '\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(targetsOf(home)).toEqual([expect.not.objectContaining({ restart: false })]);
    expect(targetsOf(home)[0]!.hermes_home).toBe(root);
  });

  it('no gateway chosen: nothing written, and said', async () => {
    const { home, env } = hermesHome();
    const r = await runCliHere(home, ['init', '--hermes-home', '~/.hermes'], { env, input: '\nn\n' });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('no gateway chosen to watch: nothing written');
    expect(existsSync(configOf(home))).toBe(false);
  });
});
