// gatewatch's own container beside Hermes' (deploy/docker-compose.yml): the host's processes (`pid: host`) and the
// same volume at the same /opt/data. The gateway's pid file names its pid inside Hermes' container and /opt/data as
// its home: in the sidecar that home is the watched one too, and on main the record was then read as a pid of the
// host's ("pid reused": an unrelated process, or "not running"), never looked up in the gateway's PID namespace,
// though its NSpid line was readable. Here the sidecar is a mount namespace of its own with the home at /opt/data,
// in the host's PID namespace; the gateway a PID and mount namespace with the same home at /opt/data.
import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { container, containerUnavailable, written } from '../helpers/ns-gateway.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { DIST } from '../helpers/paths.js';

afterEach(cleanup);

// In the sidecar's mount namespace: /opt a tmpfs of its own, the volume at /opt/data; gatewatch's probe of it.
const SIDECAR = [
  'mount -t tmpfs side /opt',
  'mkdir -p /opt/data',
  'mount --bind "$HOST_HOME" /opt/data',
  'exec "$NODE" --input-type=module -e "$PROBE"',
].join(' && ');

const PROBE = `const { probeProcess } = await import(process.env.DIST + '/probes/process.js');
const home = '/opt/data';
const ev = await probeProcess({ name: 'hermes', hermes_home: home, pid_file: home + '/gateway.pid',
  log_file: home + '/logs/gateway.log', agent_log_file: home + '/logs/agent.log',
  state_file: home + '/gateway_state.json', service: { manager: 'auto', scope: 'user' }, profile: '' });
console.log(JSON.stringify(ev));`;

function inSidecar(home: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) =>
    execFile(
      'unshare',
      ['--mount', '--propagation', 'private', 'sh', '-c', SIDECAR],
      { env: { ...process.env, HOST_HOME: home, NODE: process.execPath, PROBE, DIST } },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
    ),
  );
}

describe.skipIf(containerUnavailable())('gatewatch in its own container beside Hermes’ (pid: host)', () => {
  it('finds the gateway through its PID namespace, though the record’s home is its own /opt/data', async () => {
    const home = await tempDir('gw-sidecar-home-');
    container(home);
    const rec = await written(home);
    const ev = await inSidecar(home);
    expect(ev).toMatchObject({ alive: true, nsPid: rec.pid });
    expect(ev.pid).not.toBe(rec.pid);
  });
});
