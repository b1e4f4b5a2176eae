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
  // Stamped, for stdout and stderr come apart: the two merged in the order they were written.
  const r = await runCommand([runtime, 'logs', '--timestamps', '--tail', '200', c.id], host);
  if (r.exitCode !== 0) return {};
  const lines = inOrder(r.stdout, r.stderr);
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

/**
 * `docker logs --timestamps`' two streams as one, by each line's RFC 3339 stamp (kept: causeLine drops it); where a
 * runtime did not stamp them, stdout then stderr as before.
 */
export function inOrder(stdout: string, stderr: string): string[] {
  const lines = (text: string) => text.split('\n').filter(Boolean);
  const out = lines(stdout);
  const err = lines(stderr);
  const at = (l: string) => (/^\d{4}-\d\d-\d\dT\S+ /.test(l) ? Date.parse(l.slice(0, l.indexOf(' '))) : Number.NaN);
  if ([...out, ...err].some((l) => Number.isNaN(at(l)))) return [...out, ...err];
  const tagged = [...out.map((l, i) => ({ l, i })), ...err.map((l, i) => ({ l, i: i + out.length }))];
  return tagged.sort((a, b) => at(a.l) - at(b.l) || a.i - b.i).map((x) => x.l);
}
