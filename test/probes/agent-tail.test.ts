// What the agent.log reader keeps (issue 60): httpx logs a line for every request a gateway sends, thousands an hour
// on a busy one. A platform's API answering is kept as its latest line only, where it stands: it still ends a streak of
// failed requests, and the file's budget of kept records stays for the lines that say something.
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAgentOnlyLines } from '../../src/probes/agent-tail.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

const stamp = (s: number) => {
  const d = new Date(Date.UTC(2026, 10, 25, 10, 0, 0) + s * 1000);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)},000`;
};
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
/** httpx's INFO line for a request (httpx/_client.py `'HTTP Request: %s %s "%s %d %s"'`). */
const req = (s: number, url: string, status: string) => `${stamp(s)} INFO httpx: HTTP Request: POST ${url} "${status}"`;
const POLL = `https://api.telegram.org/bot${TOKEN}/getUpdates`;
const SEND = `https://api.telegram.org/bot${TOKEN}/sendMessage`;
const MODEL = 'https://api.openai.com/v1/chat/completions';

describe('the agent.log reader and httpx’s request lines', () => {
  it('keeps each platform’s latest answer alone, read after read, and every line that says something', async () => {
    const file = path.join(await tempDir('gw-tail-'), 'agent.log');
    await writeFile(file, `${stamp(0)} ERROR Lark: connect failed, err: 503: system busy\n`);
    let s = 1;
    for (let read = 0; read < 20; read++) {
      const lines: string[] = [];
      for (let i = 0; i < 300; i++, s++)
        lines.push(req(s, POLL, 'HTTP/1.1 200 OK'), req(s, SEND, 'HTTP/1.1 200 OK'), req(s, MODEL, 'HTTP/1.1 200 OK'));
      await appendFile(file, `${lines.join('\n')}\n`);
      await readAgentOnlyLines(file);
    }
    await appendFile(file, `${req(s, POLL, 'HTTP/1.1 502 Bad Gateway')}\n`);
    const kept = await readAgentOnlyLines(file);
    // 18 000 request lines: the Lark line still kept, getUpdates' and sendMessage's latest, the 502 after them.
    expect(kept.map((r) => r.message.replace(TOKEN, 'T'))).toEqual([
      'connect failed, err: 503: system busy',
      `HTTP Request: POST https://api.telegram.org/botT/getUpdates "HTTP/1.1 200 OK"`,
      `HTTP Request: POST https://api.telegram.org/botT/sendMessage "HTTP/1.1 200 OK"`,
      `HTTP Request: POST https://api.telegram.org/botT/getUpdates "HTTP/1.1 502 Bad Gateway"`,
    ]);
    expect(kept[1]!.ts).toBe(kept[2]!.ts);
  });

  it('keeps every failed request, and the answer that ended them where it stands', async () => {
    const file = path.join(await tempDir('gw-tail-'), 'agent.log');
    const lines = [
      req(1, POLL, 'HTTP/1.1 200 OK'),
      req(2, POLL, 'HTTP/1.1 502 Bad Gateway'),
      req(3, POLL, 'HTTP/1.1 502 Bad Gateway'),
      req(4, POLL, 'HTTP/1.1 200 OK'),
      req(5, POLL, 'HTTP/1.1 200 OK'),
    ];
    await writeFile(file, `${lines.join('\n')}\n`);
    expect((await readAgentOnlyLines(file)).map((r) => r.line)).toEqual(lines.slice(1, 3).concat(lines[4]!));
  });
});
