// The entry of the bundle every command but a plain check runs from (dist/src/bundle-cli.cjs, see scripts/bundle.mjs).
// A module of the bundle runs when it is first imported: the daemon as the service starts it (runPlain) never makes
// commander and the other commands' declarations (commander alone loads node:child_process, about a megabyte of an
// idle daemon's RSS, issue 56), and a command never makes the daemon's.
import type { runPlain as RunPlain } from './cli/run-plain.js';
import type { runCli as RunCli } from './cli.js';

export const runCli: typeof RunCli = async (argv) => (await import('./cli.js')).runCli(argv);
export const runPlain: typeof RunPlain = async (o) => (await import('./cli/run-plain.js')).runPlain(o);
