// The demo gateway as a container's own program, for the Podman and Docker rigs alike (no registry: the host's /usr and
// this repository mounted into an image of the host's own programs).
import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The demo gateway as a container's own program (`gateway run --no-supervise`'s shape), its home `home` at /opt/data:
 * the options (the host's network, /usr and this repository mounted read-only, node's own prefix where it is not under
 * /usr) and the command, for `<runtime> run -d [options] <image> [command]`.
 */
export function demoGatewayContainer(home: string, repo: string): { opts: string[]; argv: string[] } {
  const node = realpathSync(process.execPath);
  const prefix = node.startsWith('/usr/') ? undefined : path.dirname(path.dirname(node));
  return {
    opts: [
      '--network',
      'host',
      '-v',
      `${home}:/opt/data`,
      '-v',
      '/usr:/usr:ro',
      '-v',
      `${repo}:/opt/gatewatch:ro`,
      ...(prefix ? ['-v', `${prefix}:${prefix}:ro`] : []),
      '-e',
      'HERMES_HOME=/opt/data',
    ],
    argv: [
      node,
      '/opt/gatewatch/dist/src/demo/gateway.js',
      'gateway',
      'run',
      '--home',
      '/opt/data',
      '--hermes',
      'current',
    ],
  };
}
