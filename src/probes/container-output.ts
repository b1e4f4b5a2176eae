// What a container's own output (`docker logs`) says of why its gateway dies: a write it was refused under the volume
// (a permissions loop), and the line it dies on at each start. Read by ./container.ts and ./container-stops.ts.
import type { ContainerFacts } from '../evidence.js';
import { CONTAINER_HOME, type Runtime } from './container-home.js';
import { runCommand, type Host } from './host.js';
import { causeLine } from './supervisors/output.js';

/**
 * What the container's recent output (`docker logs`) says of a loop: a write the gateway was refused under the volume
 * (a permissions loop), and the line it dies on at each start (its last exception or failure line).
 */
export async function loopOutput(
  runtime: Runtime,
  c: ContainerFacts,
  host: Host,
): Promise<{ denied?: string; cause?: { line: string; source: string } }> {
  const r = await runCommand([runtime, 'logs', '--tail', '200', c.id], host);
  if (r.exitCode !== 0) return {};
  const lines = `${r.stdout}\n${r.stderr}`.split('\n');
  const denied = [...lines]
    .reverse()
    .find((l) => /permission denied|PermissionError|EACCES/i.test(l) && l.includes(CONTAINER_HOME))
    ?.trim()
    .slice(0, 300);
  const line = causeLine(lines);
  return {
    ...(denied ? { denied } : {}),
    ...(line ? { cause: { line, source: `${runtime} logs ${c.name}` } } : {}),
  };
}
