// pino to stderr: stdout belongs to the console channel and to CLI output. Secrets are censored by key.
import pino, { type Logger } from 'pino';

export const SECRET_KEYS = ['app_secret', 'client_secret', 'clientSecret', 'appSecret', 'secret', 'token', 'access_token', 'tenant_access_token', 'authorization', 'Authorization', 'password'];

export function createLogger(level = process.env.GATEWATCH_LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), ...SECRET_KEYS.map((k) => `*.*.${k}`)], censor: '[redacted]' },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
