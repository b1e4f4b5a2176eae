// gatewatch in a container of its own (deploy/docker-compose.yml): its /healthz on 127.0.0.1 is reachable from that
// container only, so "open to every user of this host" is not true there. On main `validate` and the daemon said it
// of the shipped config, which the docs say needs no token. Here the container is a network namespace of its own.
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { ownLoopback } from '../../src/util/own-loopback.js';

afterEach(cleanup);

const netns =
  process.getuid?.() === 0 && spawnSync('unshare', ['--net', 'true']).status === 0
    ? undefined
    : 'needs root for a network namespace';

function validate(config: string, own: boolean): Promise<string> {
  const argv = [process.execPath, CLI, 'validate', '--config', config];
  const [cmd, ...args] = own ? ['unshare', '--net', ...argv] : argv;
  return new Promise((resolve) =>
    execFile(cmd!, args, { env: { ...process.env, GATEWATCH_LOG_LEVEL: 'error' } }, (_e, out, err) =>
      resolve(`${out}${err}`),
    ),
  );
}

describe.skipIf(netns)('the HTTP endpoint on loopback', () => {
  it('is open to every user of the host on the host, and to nobody else in a network namespace of its own', async () => {
    const dir = await tempDir('gw-own-loopback-');
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      `state_dir: ${path.join(dir, 'state')}\ntargets:\n  - { name: hermes, hermes_home: ${dir} }\nchannels:\n  console: {}\nhttp:\n  listen: "127.0.0.1:9477"\n`,
    );
    // This test's own network: the host's (on a host), or a container's of its own (then nothing to say either).
    if (!ownLoopback()) expect(await validate(config, false)).toContain('every user of this host');
    const inside = await validate(config, true);
    expect(inside).not.toContain('every user of this host');
    expect(inside).toMatch(/valid|OK|✓/i);
  });
});
