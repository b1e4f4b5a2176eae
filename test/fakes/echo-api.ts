// A stand-in for any channel's API on 127.0.0.1 that refuses every request (401) and echoes it back in its error: the
// method, the URL with its path and query, the headers and the body, in every field a client reads a refusal from
// (Telegram's `description`, Feishu's `msg`, QQ's `message`, DingTalk's and WeCom's `errmsg`, ntfy's `error`). Some
// APIs and proxies do echo a request, so whatever credential a channel sends comes back in the text it reports.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoApi {
  base: string;
  /** Every request seen, as echoed. */
  seen: string[];
  close(): Promise<void>;
}

export async function startEchoApi(): Promise<EchoApi> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      const echo = `Unauthorized echo ${JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body })}`;
      seen.push(echo);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ok: false,
          error_code: 401,
          description: echo,
          code: 401,
          msg: echo,
          message: echo,
          errcode: 401,
          errmsg: echo,
          error: echo,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
