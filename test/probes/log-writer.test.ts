// Who writes a log, asked of the host (issue 60 item 5): real processes holding a real file. A gateway that opened an
// MCP server's stderr file and handed it down is not its writer, the server is; a process that only reads the file is
// none; a file nobody holds has none.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logWriters, writesTo } from '../../src/probes/log-writer.js';
import { cleanup, tempDir, trackPid } from '../helpers/probe-procs.js';

const fds: number[] = [];
afterEach(async () => {
  for (const fd of fds.splice(0)) closeSync(fd);
  await cleanup();
});

const linux = process.platform === 'linux';

/** A stand-in gateway that opens `file` for appending and starts a server whose stderr it is; both pids. */
async function gatewayWithServer(dir: string, file: string): Promise<{ gateway: number; server: number }> {
  const script = path.join(dir, 'gateway.js');
  writeFileSync(
    script,
    `const fs = require('fs'), cp = require('child_process');
const fd = fs.openSync(${JSON.stringify(file)}, 'a');
const server = cp.spawn(process.execPath, ['-e', 'process.stdout.write("ready\\\\n"); setInterval(() => {}, 1000)', 'mcp-server-fetch'], { stdio: ['ignore', 'pipe', fd] });
server.stdout.once('data', () => process.stdout.write(server.pid + '\\n'));
setInterval(() => {}, 1000);
`,
  );
  const gw = spawn(process.execPath, [script, 'gateway', 'run'], { stdio: ['ignore', 'pipe', 'ignore'] });
  trackPid(gw.pid!);
  const server = Number(await new Promise<string>((resolve) => gw.stdout!.once('data', (d) => resolve(String(d)))));
  trackPid(server);
  return { gateway: gw.pid!, server };
}

describe.runIf(linux)('logWriters', () => {
  it("a descriptor's flags in /proc say whether it may write: appending does, reading does not", async () => {
    const dir = await tempDir('gw-writer-');
    const file = path.join(dir, 'x.log');
    writeFileSync(file, '');
    const w = openSync(file, 'a');
    const r = openSync(file, 'r');
    fds.push(w, r);
    expect(writesTo(readFileSync(`/proc/self/fdinfo/${w}`, 'utf8'))).toBe(true);
    expect(writesTo(readFileSync(`/proc/self/fdinfo/${r}`, 'utf8'))).toBe(false);
    expect(writesTo('')).toBe(false);
  });

  it('the server whose stderr the file is, not the gateway that handed it down nor a reader', async () => {
    const dir = await tempDir('gw-writer-');
    const file = path.join(dir, 'mcp-stderr.log');
    writeFileSync(file, '');
    fds.push(openSync(file, 'r'));
    const { server } = await gatewayWithServer(dir, file);
    const found = await logWriters(file);
    expect(found).toEqual([{ pid: server, cmdline: expect.stringMatching(/ mcp-server-fetch$/) }]);
  });

  it("out of time for the whole walk (a busy host), the gateway's own family is read first: the same writer", async () => {
    const dir = await tempDir('gw-writer-');
    const file = path.join(dir, 'mcp-stderr.log');
    writeFileSync(file, '');
    const { gateway, server } = await gatewayWithServer(dir, file);
    // No time at all for the rest of the host's processes.
    expect(await logWriters(file, 0, gateway)).toEqual([
      { pid: server, cmdline: expect.stringMatching(/ mcp-server-fetch$/) },
    ]);
  });

  it('a file nobody writes has none; a file that is not there, no answer', async () => {
    const dir = await tempDir('gw-writer-');
    const file = path.join(dir, 'quiet.log');
    writeFileSync(file, 'x\n');
    fds.push(openSync(file, 'r'));
    expect(await logWriters(file)).toEqual([]);
    expect(await logWriters(path.join(dir, 'gone.log'))).toBeUndefined();
  });
});
