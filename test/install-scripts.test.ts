// `npm ci` says nothing about install scripts: every dependency that has one is declared in package.json's
// allowScripts, allowed or denied, so npm 11 neither warns on every run nor leaves a reader to wonder whether a build
// tool's script was skipped by accident.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean; version?: string }>;
};

/** The packages of the lock file that run a script as they install, by name. */
const withScripts = Object.entries(lock.packages)
  .filter(([where, p]) => where && p.hasInstallScript)
  .map(([where, p]) => ({
    name: where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length),
    version: p.version,
  }));

/** npm's own answer, where this npm has the command (11.x): which install scripts nobody has reviewed. */
function npmUnreviewed(): string | undefined {
  try {
    return execFileSync('npm', ['install-scripts', 'ls'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch {
    return undefined;
  }
}

describe('install scripts', () => {
  it('every dependency with one is declared in allowScripts, allowed or denied', () => {
    expect(withScripts.map((p) => p.name).sort()).toEqual(['esbuild', 'protobufjs']);
    const declared = Object.keys(pkg.allowScripts ?? {});
    for (const p of withScripts)
      expect(
        declared.some((d) => d === p.name || d === `${p.name}@${p.version}`),
        p.name,
      ).toBe(true);
  });

  it("npm finds none unreviewed (its install's warning would list them)", () => {
    const said = npmUnreviewed();
    if (said === undefined) return; // an npm before allowScripts: it runs them all and says nothing
    expect(said).not.toMatch(/not yet covered/);
    expect(said).toMatch(/No packages with unreviewed install scripts/);
  });
});
