// An HTTP endpoint on 127.0.0.1 that can hang: while `hanging`, it accepts each request and holds it unanswered; once
// released it answers 200 to every held request whose client is still connected (a slow server that finally gets
// there) and to every new one at once. Every request's fate goes into an event log, shared between endpoints when
// given one, so a test asserts what happened in which order and waits on events instead of sleeping.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EndpointEvent {
  endpoint: string;
  /** received: the whole request is in; closed: its client went away unanswered; answered: 200 sent to a live client. */
  kind: 'received' | 'closed' | 'answered';
  /** The `id` of the JSON body (the webhook document's alert id), when it has one. */
  id?: string;
  at: number;
}

export interface HangingEndpoint {
  url: string;
  hanging: boolean;
  events: EndpointEvent[];
  /** Stop hanging: answer the held requests still connected, and every later one at once. */
  release(): void;
  /** The first event of this endpoint (already logged or later) that matches; rejects after `ms`. */
  first(match: (e: EndpointEvent) => boolean, ms?: number): Promise<EndpointEvent>;
  /** This endpoint's events of one kind. */
  of(kind: EndpointEvent['kind']): EndpointEvent[];
  close(): Promise<void>;
}

export async function startHangingEndpoint(
  name: string,
  o: { hanging?: boolean; events?: EndpointEvent[] } = {},
): Promise<HangingEndpoint> {
  const events = o.events ?? [];
  const waiters = new Set<() => void>();
  const held = new Set<() => void>();
  const log = (kind: EndpointEvent['kind'], id?: string) => {
    events.push({ endpoint: name, kind, id, at: Date.now() });
    for (const w of [...waiters]) w();
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let id: string | undefined;
      try {
        id = JSON.parse(Buffer.concat(chunks).toString('utf8')).id;
      } catch {
        id = undefined;
      }
      log('received', id);
      let done = false;
      const answer = () => {
        held.delete(answer);
        if (done || res.destroyed || req.socket.destroyed) return;
        done = true;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        log('answered', id);
      };
      res.on('close', () => {
        held.delete(answer);
        if (!done) log('closed', id);
        done = true;
      });
      if (ep.hanging) held.add(answer);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const mine = () => events.filter((e) => e.endpoint === name);
  const ep: HangingEndpoint = {
    url: `http://127.0.0.1:${port}/hook`,
    hanging: o.hanging ?? false,
    events,
    release() {
      ep.hanging = false;
      for (const a of [...held]) a();
    },
    first(match, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const e = mine().find(match);
          if (!e) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(e);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `${name}: no matching event within ${ms} ms; events: ${JSON.stringify(mine().map((e) => `${e.kind} ${e.id}`))}`,
            ),
          );
        }, ms);
        if (!check()) waiters.add(check);
      });
    },
    of: (kind) => mine().filter((e) => e.kind === kind),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return ep;
}
