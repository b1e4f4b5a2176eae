// How a person runs this gatewatch from a shell on this host, for every hint that names a command ("Next: gatewatch
// run", "run `gatewatch status` in another terminal"): a bare `gatewatch` is `command not found` from a clone, where
// the README says `npx gatewatch`. A shell runs the first `gatewatch` on its PATH: when that one is this package's
// executable (a global install, `npm install -g .` from a clone), the bare name works; otherwise (no gatewatch on
// PATH, or another install of it first) `npx gatewatch`, which runs the package of the folder it is typed in. The
// `gatewatch` npx itself puts on PATH for its run is not an install (runnersBin).
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEnv } from './run-env.js';

export type GatewatchCommand = 'gatewatch' | 'npx gatewatch';

/** package.json's bin, from this module in src/util/, dist/src/util/ or a bundle in dist/src/. */
const BIN = path.join('dist', 'src', 'gatewatch.cjs');
/**
 * The other executable beside it, dist/src/cli.js (the service units run it): the bin until check's start-up wanted a
 * CommonJS one, so a `gatewatch` linked to it by an earlier install is this package's too.
 */
const ESM_EXECUTABLE = 'cli.js';

function realOf(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

let ownBin: string | undefined | null = null;

/** This package's executable: the first folder above this module that holds its bin. */
function thisExecutable(): string | undefined {
  if (ownBin !== null) return ownBin;
  ownBin = undefined;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)), i = 0; i < 5; i++, dir = path.dirname(dir))
    if (existsSync(path.join(dir, BIN))) return (ownBin = realOf(path.join(dir, BIN)));
  return ownBin;
}

const memo = new Map<string, GatewatchCommand>();

/**
 * `gatewatch` when the first `gatewatch` on the run's PATH is this executable, else `npx gatewatch`. `bin` names the
 * executable (tests); by default this package's own.
 */
export function gatewatchCommand(env: NodeJS.ProcessEnv = runEnv(), bin?: string): GatewatchCommand {
  const self = bin ? realOf(bin) : thisExecutable();
  const key = `${self}\0${env.PATH ?? ''}`;
  let said = memo.get(key);
  if (!said) memo.set(key, (said = decide(env.PATH ?? '', self)));
  return said;
}

/**
 * A package runner's own PATH entry for the run it starts (`npx gatewatch` links this package into
 * ~/.npm/_npx/<hash>/node_modules/.bin; `npm run`, `pnpm exec` and yarn add ./node_modules/.bin): its `gatewatch` is
 * gone once the command ends, and no shell finds it. An install's is a prefix's bin/, never a node_modules/.bin.
 */
const runnersBin = (dir: string) =>
  path.basename(dir) === '.bin' && path.basename(path.dirname(dir)) === 'node_modules';

function decide(pathVar: string, self: string | undefined): GatewatchCommand {
  for (const dir of pathVar.split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir) || runnersBin(path.normalize(dir))) continue;
    const found = realOf(path.join(dir, 'gatewatch'));
    if (found !== undefined)
      return self !== undefined && (found === self || found === path.join(path.dirname(self), ESM_EXECUTABLE))
        ? 'gatewatch'
        : 'npx gatewatch';
  }
  return 'npx gatewatch';
}

/** A command line of this gatewatch, as it is typed here: `gatewatch status` or `npx gatewatch status`. */
export const gatewatchLine = (args: string): string => `${gatewatchCommand()} ${args}`.trimEnd();
