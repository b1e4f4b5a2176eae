// Where Hermes' Docker image keeps its marks on the volume it mounts (hermes-deployments.md §1.3, §1.4): one module,
// with no imports of the probes, so that the process probe and the container probe ask the same question the same way.
import { access } from '../util/file-calls.js';
import path from 'node:path';
import type { RuntimeKind } from '../evidence/service.js';

/** The container runtimes that run the image. */
export type Runtime = RuntimeKind;

/** A runtime whose daemon runs nowhere here said so (Docker's CLI without dockerd, podman-remote without its socket). */
export const NO_DAEMON =
  /Cannot connect to the Docker daemon|Is the docker daemon running|unable to connect to Podman socket/i;

/** Where the image mounts the Hermes home. */
export const CONTAINER_HOME = '/opt/data';

/** The Hermes root a home belongs to: the home itself, or `<root>` of `<root>/profiles/<name>`. */
export function rootOf(home: string): { root: string; profile: string } {
  const parent = path.dirname(home);
  return path.basename(parent) === 'profiles'
    ? { root: path.dirname(parent), profile: path.basename(home) }
    : { root: home, profile: '' };
}

/** The boot reconciler's log, which the image writes into the root it mounts at every container start. */
export const bootLogOf = (home: string): string => path.join(rootOf(home).root, 'logs', 'container-boot.log');

/** Whether the image's boot reconciler has ever written into this home's root. */
export function hasBootLog(home: string): Promise<boolean> {
  return access(bootLogOf(home)).then(
    () => true,
    () => false,
  );
}
