// A real SMTP server on 127.0.0.1 (the `smtp-server` package): AUTH PLAIN/LOGIN checked against a user table,
// recipients refused with 550, DATA answered with a scripted temporary failure, every accepted message kept raw.
// Plain connection (no STARTTLS offered), as a local relay would be.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpMessage {
  from: string;
  to: string[];
  user?: string;
  raw: string;
}

export interface FakeSmtp {
  port: number;
  messages: SmtpMessage[];
  /** Failed logins, as `user`. */
  badLogins: string[];
  /** The next DATA commands are answered with these codes (e.g. 451) instead of accepting the message. */
  dataFaults: { code: number; message: string }[];
  close(): Promise<void>;
}

export async function startFakeSmtp(
  o: {
    users?: Record<string, string>;
    refuse?: string[] /** A refused login echoes its user and password. */;
    echoLogin?: boolean;
  } = {},
): Promise<FakeSmtp> {
  const messages: SmtpMessage[] = [];
  const badLogins: string[] = [];
  const dataFaults: FakeSmtp['dataFaults'] = [];
  const withAuth = !!o.users;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: withAuth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !withAuth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username && o.users?.[auth.username] === auth.password) return cb(null, { user: auth.username });
      badLogins.push(auth.username ?? '');
      const echo = o.echoLogin ? ` for ${auth.username}:${auth.password}` : '';
      const err = Object.assign(new Error(`5.7.8 Authentication credentials invalid${echo}`), { responseCode: 535 });
      cb(err);
    },
    onRcptTo(addr, _session, cb) {
      if (o.refuse?.includes(addr.address))
        return cb(
          Object.assign(new Error(`5.1.1 <${addr.address}>: Recipient address rejected: User unknown`), {
            responseCode: 550,
          }),
        );
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const fault = dataFaults.shift();
        if (fault) return cb(Object.assign(new Error(fault.message), { responseCode: fault.code }));
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb(null, 'Ok: queued as FAKE1');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    messages,
    badLogins,
    dataFaults,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
