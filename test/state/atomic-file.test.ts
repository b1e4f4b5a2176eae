// The one atomic writer (src/state/atomic.ts) serves the state files, the QQ channel's state, `gatewatch install` and
// the demo: each keeps the mode it relies on, and no temp file is left behind, whether the write succeeds or fails.
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTemps, writeFileAtomic, writeJsonAtomic } from '../../src/state/atomic.js';
import { openState } from '../../src/chats/qq/state.js';
import { planInstall, writeInstall } from '../../src/deploy/install.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'gw-atomic-'));
const mode = (f: string) => statSync(f).mode & 0o777;

describe('writeFileAtomic', () => {
  it('writes owner-only by default, another mode when asked, and leaves only the file', async () => {
    const dir = tmp();
    await writeFileAtomic(path.join(dir, 'a'), 'one');
    await writeFileAtomic(path.join(dir, 'sub', 'b'), () => 'two', { mode: 0o644 });
    expect(readFileSync(path.join(dir, 'a'), 'utf8')).toBe('one');
    expect(mode(path.join(dir, 'a'))).toBe(0o600);
    expect(readFileSync(path.join(dir, 'sub', 'b'), 'utf8')).toBe('two');
    expect(mode(path.join(dir, 'sub', 'b'))).toBe(0o644 & ~process.umask());
    expect(readdirSync(dir).sort()).toEqual(['a', 'sub']);
  });

  it('serialises writes to one file (the last one wins) and cleans up after a failed one', async () => {
    const dir = tmp();
    const file = path.join(dir, 'f');
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(file, `v${i}`)));
    expect(readFileSync(file, 'utf8')).toBe('v19');
    mkdirSync(path.join(dir, 'taken'));
    writeFileSync(path.join(dir, 'taken', 'x'), '');
    await expect(writeFileAtomic(path.join(dir, 'taken'), 'over a directory')).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['f', 'taken']);
  });

  it('names its temp files so removeStaleTemps finds those of writers that are gone', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, `state.json.${process.pid}.tmp`), 'half');
    writeFileSync(path.join(dir, `state.json.${process.ppid}.tmp`), 'a live writer');
    // Pid 0 names our process group, not a writer.
    writeFileSync(path.join(dir, 'outbox.json.0.tmp'), 'half');
    expect((await removeStaleTemps(dir)).sort()).toEqual(['outbox.json.0.tmp', `state.json.${process.pid}.tmp`]);
    await writeJsonAtomic(path.join(dir, 'state.json'), { token: 'redacted on the way' });
    expect(JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8'))).toEqual({ token: '***' });
    expect(mode(path.join(dir, 'state.json'))).toBe(0o600);
  });

  it('never writes through a link planted at its temp name: the link goes, the file it pointed to is untouched', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-atomic-'));
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'keep me');
    const file = path.join(dir, 'state.json');
    symlinkSync(victim, `${file}.${process.pid}.tmp`);
    await writeFileAtomic(file, '{"ok":true}');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(readFileSync(file, 'utf8')).toBe('{"ok":true}');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['state.json', 'victim']);
  });
});

describe('its callers', () => {
  it('QQ channel state: owner-only, written as it is', async () => {
    const dir = tmp();
    const store = await openState(dir);
    store.data.pushNoticeSent = true;
    await store.save();
    const file = path.join(dir, 'qq-channel.json');
    expect(mode(file)).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pushNoticeSent: true });
    expect(readdirSync(dir)).toEqual(['qq-channel.json']);
  });

  it('gatewatch install: the unit readable by all, the env file owner-only', async () => {
    const home = tmp();
    const config = path.join(home, '.config', 'gatewatch', 'config.yaml');
    const plan = planInstall({
      manager: 'systemd',
      scope: 'user',
      config,
      node: '/usr/bin/node',
      entry: '/opt/gw/cli.js',
      home,
      env: {},
    });
    expect(await writeInstall(plan)).toEqual({ status: 'created', envFileCreated: true });
    expect(mode(plan.path)).toBe(0o644 & ~process.umask());
    expect(mode(plan.envFile)).toBe(0o600);
    expect(readFileSync(plan.path, 'utf8')).toBe(plan.content);
    expect(await writeInstall(plan)).toEqual({ status: 'unchanged', envFileCreated: false });
    expect(await writeInstall({ ...plan, content: plan.content + '\n' })).toEqual({
      status: 'updated',
      envFileCreated: false,
    });
    expect(readdirSync(path.dirname(plan.path))).toEqual([path.basename(plan.path)]);
  });
});
