// A CLI run inside another process (src/cli-io.ts): its exit ends the run, not the process, with the code the
// executable would exit with; its streams and environment are its own and follow it across awaits, so that two runs
// side by side never write into each other's streams or read each other's HOME.
import { mkdir, mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cliIo, exit, withCliIo } from '../src/cli-io.js';
import os from 'node:os';
import { homeDir, runCwd, runEnv, tmpDir, withRunEnv } from '../src/util/run-env.js';
import { gatewatch } from './helpers/cli-run.js';
import { forgetRegistered, registerSecretShapes, registerSecrets } from '../src/util/redact.js';
import { TOKEN_SHAPES } from '../src/chats/telegram/bot-api.js';

function io(home: string) {
  let out = '';
  const stdout = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return {
    io: { env: { HOME: home }, cwd: home, stdin: Readable.from(['']), stdout, stderr: stdout },
    said: () => out,
  };
}

describe('a CLI run with its own I/O', () => {
  it('ends with the code it exits with; a run that returns has none; any other error is not swallowed', async () => {
    expect(await withCliIo(io('/a').io, async () => exit(78))).toBe(78);
    expect(await withCliIo(io('/a').io, async () => undefined)).toBeUndefined();
    await expect(withCliIo(io('/a').io, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('two runs side by side keep their own streams, HOME and cwd across awaits; outside them, the process', async () => {
    const a = io('/home/a');
    const b = io('/home/b');
    const run = (tag: string) => async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setImmediate(r));
        cliIo().stdout.write(`${tag}${i}:${homeDir()}:${runCwd()} `);
      }
    };
    await Promise.all([withCliIo(a.io, run('a')), withCliIo(b.io, run('b'))]);
    expect(a.said()).toBe('a0:/home/a:/home/a a1:/home/a:/home/a a2:/home/a:/home/a ');
    expect(b.said()).toBe('b0:/home/b:/home/b b1:/home/b:/home/b b2:/home/b:/home/b ');
    expect(runEnv()).toBe(process.env);
    expect(runCwd()).toBe(process.cwd());
    // The process's own stream, masked on its way out (below).
    expect((cliIo().stdout as unknown as { fd?: number }).fd).toBe(process.stdout.fd);
  });

  it('masks the config secrets and the plugin shapes in whatever it writes, and eats no word of a message', async () => {
    registerSecrets(['plantedStreamSecret0123']);
    registerSecretShapes(TOKEN_SHAPES);
    try {
      const a = io('/home/a');
      await withCliIo(a.io, async () => {
        cliIo().stderr.write('gatewatch: refused (echo {"url":"/botX/getMe","body":"plantedStreamSecret0123"})\n');
        cliIo().stdout.write('url /bot7012345678:AAHsomeTelegramTokenValue0123456789ab/getMe\n');
        cliIo().stderr.write('config error: c.yaml: key "channels.telegram.bot_token": was refused by Telegram\n');
      });
      expect(a.said()).not.toContain('plantedStreamSecret0123');
      expect(a.said()).not.toContain('AAHsomeTelegramTokenValue');
      expect(a.said()).toContain('/bot7012345678:***/getMe');
      expect(a.said()).toContain('"channels.telegram.bot_token": was refused by Telegram');
    } finally {
      forgetRegistered();
    }
  });

  it("the temp directory is read from the run's environment as node reads it from the process's", async () => {
    expect(tmpDir()).toBe(os.tmpdir());
    const at = (env: NodeJS.ProcessEnv) => withRunEnv({ env, cwd: '/' }, async () => tmpDir());
    expect(await at({ TMPDIR: '/run/x/' })).toBe('/run/x');
    expect(await at({ TMP: '/t' })).toBe('/t');
    expect(await at({ TEMP: '/' })).toBe('/');
    expect(await at({})).toBe('/tmp');
  });
});

describe.runIf(process.platform === 'linux')('a one-shot command run inside a longer process', () => {
  it('closes the files of the target it looked at (check, status): none is left for the garbage collector', async () => {
    // Each in-process `gatewatch check` left gateway.log open until a collection closed it ("Closing file
    // descriptor … on garbage collection", dozens a test run).
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gw-cli-io-fds-'));
    const home = path.join(dir, 'hermes');
    await mkdir(path.join(home, 'logs'), { recursive: true });
    await writeFile(path.join(home, 'logs', 'gateway.log'), '2026-06-22 08:00:01,204 INFO gateway.run: started\n');
    const config = path.join(dir, 'config.yaml');
    await writeFile(
      config,
      `state_dir: ${dir}/state\ntargets:\n  - { name: gw, hermes_home: ${home}, service: { manager: none } }\n`,
    );
    const openUnder = async () => {
      const fds = await readdir('/proc/self/fd');
      const at = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
      return at.filter((f) => f.startsWith(dir));
    };
    try {
      for (const verb of ['check', 'status']) {
        const r = await gatewatch([verb, '--config', config]);
        expect(r.code, r.stdout + r.stderr).not.toBe(64);
        expect({ verb, open: await openUnder() }).toEqual({ verb, open: [] });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
