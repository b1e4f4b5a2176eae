// A local webhook endpoint for the chaos soak, answering as a Feishu custom bot does ({"code":0} on success), with
// switchable faults: 5xx, 429 with Retry-After, and requests that hang until the fault ends.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SinkMode = 'ok' | '5xx' | '429' | 'hang';

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
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, data: {}, msg: 'success' }));
          return;
        case '5xx':
          sink.refused++;
          res.writeHead(502, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>');
          return;
        case '429':
          sink.refused++;
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' }).end(JSON.stringify({ code: 11232, msg: 'frequency limited' }));
          return;
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
