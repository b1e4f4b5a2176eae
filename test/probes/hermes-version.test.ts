// Hermes' version strings as the reference quotes them (hermes-gateway-current.md §1, §10): a build's `+N.g<sha>`,
// a leading `v`, a fork's own suffix, `hermes --version`'s whole line with a release date that lags the version, and a
// CalVer tag that is a date, never a version. One parser reads them all; one comparison judges a release range.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  judgeVersion,
  parseHermesVersion,
  readCheckoutVersion,
  readCliVersion,
  releaseIn,
  versionAtLeast,
} from '../../src/probes/hermes-version.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { hostOf } from '../../src/probes/host.js';

afterEach(cleanup);

/** §10: a user's `hermes --version` dump dated 2026-10-08. */
const VERSION_LINE = 'Hermes Agent v0.21.6+122.gcbe5e53 (2026.9.24) · upstream cbe5e53e';

describe('parseHermesVersion', () => {
  it("reads `hermes --version`'s line: the version with its build, the release date beside it, and the upstream commit", () => {
    expect(parseHermesVersion(VERSION_LINE)).toEqual({
      text: '0.21.6+122.gcbe5e53',
      release: [0, 21, 6],
      build: { commits: 122, sha: 'cbe5e53' },
      date: '2026.9.24',
      upstream: 'cbe5e53e',
    });
  });

  it('reads a bare release, one with a v, a build and a fork of the same release', () => {
    expect(parseHermesVersion('0.21.3')).toEqual({ text: '0.21.3', release: [0, 21, 3] });
    expect(parseHermesVersion('v0.21.6')).toEqual({ text: '0.21.6', release: [0, 21, 6] });
    expect(parseHermesVersion('0.21.6+122.gcbe5e53')).toMatchObject({
      release: [0, 21, 6],
      build: { commits: 122, sha: 'cbe5e53' },
    });
    // Eynzof/Hermes-CN-Core#154: a Chinese fork's own version string.
    expect(parseHermesVersion('0.20.0-cn.5')).toEqual({ text: '0.20.0-cn.5', release: [0, 20, 0], fork: 'cn.5' });
  });

  it('never takes a CalVer tag or a release date for a version: the date is kept, the release unknown', () => {
    expect(parseHermesVersion('v2026.9.14')).toEqual({ text: 'v2026.9.14', date: '2026.9.14' });
    expect(parseHermesVersion('Hermes Agent (2026.9.24)')).toMatchObject({ date: '2026.9.24' });
    expect(parseHermesVersion('Hermes Agent (2026.9.24)')?.release).toBeUndefined();
    expect(parseHermesVersion('')).toBeUndefined();
    expect(parseHermesVersion('unknown')).toBeUndefined();
  });
});

describe('releaseIn: one comparison for every release range', () => {
  it('a build past a release and a fork of it are that release (the date that lags it says nothing)', () => {
    for (const v of ['0.21.3', 'v0.21.3', '0.21.3+12.g1a2b3c4', '0.21.3-cn.2'])
      expect(releaseIn(v, '0.21.3', '0.21.3'), v).toBe(true);
    expect(releaseIn('0.20.1', '0.20.0', '0.20.1')).toBe(true);
    expect(releaseIn('0.20.10', '0.20.0', '0.20.1')).toBe(false);
    expect(releaseIn('0.21.4', '0.21.3', '0.21.3')).toBe(false);
    expect(releaseIn(VERSION_LINE, '0.21.5', '0.21.5')).toBe(false);
  });

  it('is unknown when there is no version to compare', () => {
    expect(releaseIn(undefined, '0.21.3', '0.21.3')).toBeUndefined();
    expect(releaseIn('2026.9.14', '0.21.3', '0.21.3')).toBeUndefined();
  });

  it('versionAtLeast reads the same strings', () => {
    expect(versionAtLeast('0.21.6+122.gcbe5e53', [0, 21, 6])).toBe(true);
    expect(versionAtLeast('0.20.0-cn.5', [0, 20, 1])).toBe(false);
    expect(versionAtLeast('v2026.9.14', [0, 19, 0])).toBe(false);
  });
});

describe('the checkout', () => {
  it("reads pyproject.toml's version and hermes_cli/__init__.py's release date (§0), when identify and the state say none", async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'hermes_cli'));
    await writeFile(
      path.join(dir, 'pyproject.toml'),
      '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "hermes-agent"\nversion = "0.21.3"\n',
    );
    await writeFile(path.join(dir, 'hermes_cli', '__init__.py'), '__release_date__ = "2026.9.14"\n');
    expect(await readCheckoutVersion([path.join(dir, 'missing'), dir])).toEqual({
      version: '0.21.3',
      date: '2026.9.14',
      dir,
    });
    expect(judgeVersion({ state: null, checkout: { version: '0.21.3', date: '2026.9.14', dir } })).toMatchObject({
      version: '0.21.3',
      date: '2026.9.14',
      source: 'checkout',
      generation: 'current',
    });
    // What the running gateway says wins over the checkout (it may be updated and not restarted).
    expect(
      judgeVersion({ state: null, identify: { code_version: '0.21.4' }, checkout: { version: '0.21.3', dir } }),
    ).toMatchObject({ version: '0.21.4', source: 'identify' });
  });

  it('reads no version where there is no checkout', async () => {
    const dir = await tempDir();
    expect(await readCheckoutVersion([dir])).toBeUndefined();
  });
});

describe('`hermes --version`', () => {
  it('is asked with HERMES_HOME set, read whole, and asked again only after an hour, whatever it answered', async () => {
    const bin = await tempDir();
    const home = await tempDir();
    const calls = path.join(bin, 'calls');
    // A stand-in `hermes` printing the line of §10 and recording each call's arguments and HERMES_HOME.
    await writeFile(
      path.join(bin, 'hermes'),
      `#!/bin/sh\necho "$* $HERMES_HOME" >> ${calls}\necho '${VERSION_LINE}'\necho 'Project: /opt/hermes-agent'\n`,
    );
    await chmod(path.join(bin, 'hermes'), 0o755);
    const host = hostOf({ env: { PATH: `${bin}:/usr/bin:/bin` } });
    const t0 = Date.parse('2026-10-08T09:00:00Z');
    const v = await readCliVersion(['hermes'], home, { now: t0, host });
    expect(v).toMatchObject({ text: '0.21.6+122.gcbe5e53', date: '2026.9.24', release: [0, 21, 6] });
    expect(judgeVersion({ state: null, cli: v })).toMatchObject({
      version: '0.21.6+122.gcbe5e53',
      date: '2026.9.24',
      source: 'cli',
    });
    await readCliVersion(['hermes'], home, { now: t0 + 59 * 60_000, host });
    expect((await readFile(calls, 'utf8')).trim().split('\n')).toEqual([`--version ${home}`]);
    await readCliVersion(['hermes'], home, { now: t0 + 61 * 60_000, host });
    expect((await readFile(calls, 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('says nothing when there is no such command', async () => {
    const home = await tempDir();
    const host = hostOf({ env: { PATH: await tempDir() } });
    expect(await readCliVersion(['hermes'], home, { now: 0, host })).toBeUndefined();
  });
});
