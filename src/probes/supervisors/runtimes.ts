// The container runtimes that run Hermes' image, one file each: what the container probes ask of one (its events'
// words, its stops, its Compose, its boot) is its dialect's (runtime-types.ts). Its kind is one name in RUNTIMES
// (src/evidence/service.ts) and its dialect one entry here.
import type { RuntimeKind } from '../../evidence/service.js';
import { docker } from './runtime-docker.js';
import { podman } from './runtime-podman.js';
import type { RuntimeDialect } from './runtime-types.js';

const DIALECTS: Record<RuntimeKind, RuntimeDialect> = { docker, podman };

/** The dialect of `runtime` (a RuntimeKind; anything else speaks Docker's, as the runtimes' CLIs mostly do). */
export const dialectOf = (runtime: string): RuntimeDialect => DIALECTS[runtime as RuntimeKind] ?? docker;
