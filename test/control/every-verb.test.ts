// Every CLI verb of the command registry, against one running daemon (issue 43 item 8): `gatewatch uptime` and
// `gatewatch fix` exited 2 whenever a daemon ran, because the control socket kept its own list of commands beside the
// CLI's. The verbs come from the registry (commands/registry.ts), so a command added there is run here too. One daemon
// for the file: the built CLI's `run` on a temp state_dir watching a stand-in gateway (a live `gateway run`
// process, its pid and state files); each verb is the CLI's code in this process (test/helpers/cli-run.ts) over the
// real control socket, plain and with --json.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand, cliCommands } from '../../commands/registry.js';
import { gatewatch as run } from '../helpers/cli-run.js';
import { idleGatewayHome } from '../helpers/live-gateway.js';
import { CLI } from '../helpers/paths.js';
import { until } from '../helpers/until.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'gw-verbs-'));
const stateDir = path.join(home, 'state');
const hermes = path.join(home, 'hermes');
const config = path.join(home, 'config.yaml');
const env = { GATEWATCH_CONFIG: '', LANG: 'C.UTF-8', LC_ALL: '' };
let daemon: ChildProcess;
let gateway: ChildProcess;

const gatewatch = (args: string[]) => run([...args, '--config', config], { home, cwd: home, env });

beforeAll(async () => {
  gateway = idleGatewayHome(hermes);
  writeFileSync(
    config,
    `state_dir: ${stateDir}\ntargets:\n  - { name: gw, hermes_home: ${hermes}, platforms: [feishu, qqbot], service: { manager: none } }\n`,
  );
  daemon = spawn(process.execPath, [CLI, 'run', '--console', '--config', config], {
    env: { ...process.env, HOME: home, ...env, GATEWATCH_LOG_LEVEL: 'error' },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  await until('the control socket', () => existsSync(path.join(stateDir, 'gatewatch.sock')), {
    timeoutMs: 40_000,
    everyMs: 200,
  });
}, 60_000);

afterAll(() => {
  daemon?.kill('SIGKILL');
  gateway?.kill('SIGKILL');
});

/** What the audit log says the CLI asked the daemon. */
function audited(): string[] {
  const file = path.join(stateDir, 'audit.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; actor: string; detail?: { command?: string } })
    .filter((r) => r.type === 'command' && r.actor === 'cli')
    .map((r) => String(r.detail?.command));
}

/**
 * A harmless form of a verb (nothing restarted, stopped or muted for long) and the exit code it answers with, where
 * that is not the bare verb and 0.
 */
const FORMS: Record<string, { args: string[]; exit: number }> = {
  logs: { args: ['-n', '5'], exit: 0 },
  // Asks first: the gateway looks healthy and no --yes was given.
  restart: { args: [], exit: 1 },
  mute: { args: ['--for', '1m'], exit: 0 },
  history: { args: ['3'], exit: 0 },
};

describe('every CLI verb is answered by the running daemon', () => {
  it('the forms above are of verbs there are', () => {
    expect(Object.keys(FORMS).filter((v) => !cliCommand(v))).toEqual([]);
    expect(cliCommands.map((c) => c.name)).toEqual(expect.arrayContaining(['status', 'uptime', 'fix', 'check']));
  });

  it.each(cliCommands.map((c) => c.name))('gatewatch %s, plain and --json', async (verb) => {
    const form = FORMS[verb] ?? { args: [], exit: 0 };
    const plain = await gatewatch([verb, ...form.args]);
    expect(plain.stderr).not.toMatch(/not a CLI command|不是 CLI 命令/);
    expect({ code: plain.code, stderr: plain.stderr }).toEqual({ code: form.exit, stderr: '' });
    const json = await gatewatch([verb, ...form.args, '--json']);
    expect({ code: json.code, stderr: json.stderr }).toEqual({ code: form.exit, stderr: '' });
    expect(() => JSON.parse(json.stdout)).not.toThrow();
    // Answered there, recorded as the CLI's (check answers with its findings, outside the command bus).
    if (!cliCommand(verb)!.cli!.findings) expect(audited()).toContain(verb);
  });
});
