// A stand-in Prometheus on 127.0.0.1: its HTTP query API, `GET /api/v1/query?query=…`, answering the real JSON shape
// (prometheus.io/docs/prometheus/latest/querying/api/): `{"status":"success","data":{"resultType":"vector","result":
// [{"metric":{…labels},"value":[<unix seconds>,"<value as a string>"]}]}}`, and a bad query as HTTP 400
// `{"status":"error","errorType":"bad_data","error":"…"}`. It serves the series a test sets, filtered by the query's
// `platform` matcher as Prometheus would for `gatewatch_platform_up{platform=~"qqbot|.+:qqbot"}`; faults: hang, answer
// a huge body, refuse with a 503 text page.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Series {
  instance: string;
  target?: string;
  platform: string;
  /** 1 up, 0 down, NaN. */
  value: number;
}

export interface FakePrometheus {
  url: string;
  series: Series[];
  /** Every query asked, as received. */
  queries: string[];
  /** Each query's Authorization header, if any. */
  authorizations: (string | undefined)[];
  fault?: 'hang' | 'huge' | 'unavailable';
  close(): Promise<void>;
}

/** The label matchers of an instant selector: `name="v"` and `name=~"re"` (the only ones gatewatch sends). */
function matchers(query: string): ((labels: Record<string, string>) => boolean) | undefined {
  const m = /^(\w+)\{(.*)\}$/.exec(query.trim());
  if (!m || m[1] !== 'gatewatch_platform_up') return undefined;
  const tests: ((l: Record<string, string>) => boolean)[] = [];
  for (const part of m[2]!.matchAll(/(\w+)\s*(=~|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
    const [, name, op, value] = part;
    // Prometheus anchors a regex matcher at both ends.
    const re = op === '=~' ? new RegExp(`^(?:${value})$`) : undefined;
    tests.push((l) => (re ? re.test(l[name!] ?? '') : (l[name!] ?? '') === value));
  }
  return (l) => tests.every((t) => t(l));
}

export async function startFakePrometheus(series: Series[] = []): Promise<FakePrometheus> {
  const sockets = new Set<Socket>();
  const fake: FakePrometheus = {
    url: '',
    series,
    queries: [],
    authorizations: [],
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/api/v1/query') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('404 page not found\n');
    }
    const query = url.searchParams.get('query') ?? '';
    fake.queries.push(query);
    fake.authorizations.push(req.headers.authorization);
    if (fake.fault === 'hang') return;
    if (fake.fault === 'unavailable') {
      res.writeHead(503, { 'content-type': 'text/plain' });
      return void res.end('Service Unavailable');
    }
    if (fake.fault === 'huge') {
      // A body that never ends on its own: the client must stop reading.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = `{"status":"success","data":{"resultType":"vector","result":[${'{"metric":{},"value":[0,"1"]},'.repeat(2000)}`;
      const pump = () => {
        while (res.write(chunk)) if (res.destroyed) return;
        res.once('drain', pump);
      };
      res.on('error', () => undefined);
      return void pump();
    }
    const match = matchers(query);
    res.setHeader('content-type', 'application/json');
    if (!match) {
      res.statusCode = 400;
      return void res.end(
        JSON.stringify({ status: 'error', errorType: 'bad_data', error: `invalid parameter "query": ${query}` }),
      );
    }
    const now = Date.now() / 1000;
    const result = fake.series
      .map((s) => ({
        metric: {
          __name__: 'gatewatch_platform_up',
          instance: s.instance,
          job: 'gatewatch',
          platform: s.platform,
          target: s.target ?? 'hermes',
        },
        value: [now, Number.isNaN(s.value) ? 'NaN' : String(s.value)],
      }))
      .filter((r) => match(r.metric));
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
