// A local webhook endpoint for the chaos soak, answering as a Feishu custom bot does ({"code":0} on success), with
// switchable faults: 5xx, 429 with Retry-After, requests that hang until the fault ends, and an error whose body is
// far larger than anyone should read (gatewatch reads a few KB of it; its RSS must not notice).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SinkMode = 'ok' | '5xx' | '429' | 'hang' | 'huge';

const HUGE_BYTES = 64 * 2 ** 20;
const CHUNK = Buffer.alloc(2 ** 16, 'x');

export interface WebhookSink {
  url: string;
  /** Bodies answered with success, in arrival order. */
  received: { at: number; body: string }[];
  /** Requests answered with a fault (or left hanging). */
  refused: number;
  mode: SinkMode;
  close(): Promise<void>;
}

export async function startWebhookSink(): Promise<WebhookSink> {
  const hanging = new Set<http.ServerResponse>();
  const sink: WebhookSink = {
    url: '',
    received: [],
    refused: 0,
    mode: 'ok',
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST' || !req.url?.startsWith('/open-apis/bot/v2/hook/')) {
        res.writeHead(404).end();
        return;
      }
      switch (sink.mode) {
        case 'ok':
          sink.received.push({ at: Date.now(), body });
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ code: 0, data: {}, msg: 'success' }));
          return;
        case '5xx':
          sink.refused++;
          res.writeHead(502, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>');
          return;
        case '429':
          sink.refused++;
          res
            .writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' })
            .end(JSON.stringify({ code: 11232, msg: 'frequency limited' }));
          return;
        case 'huge': {
          sink.refused++;
          res.writeHead(500, { 'content-type': 'text/plain', 'content-length': String(HUGE_BYTES) });
          // Written as the reader drains it: a client that stops reading closes the socket and ends this.
          let left = HUGE_BYTES;
          const more = () => {
            while (left > 0 && !res.destroyed) {
              left -= CHUNK.length;
              if (!res.write(CHUNK)) return void res.once('drain', more);
            }
            res.end();
          };
          more();
          return;
        }
        case 'hang':
          sink.refused++;
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open-apis/bot/v2/hook/chaos-token`;
  return sink;
}
