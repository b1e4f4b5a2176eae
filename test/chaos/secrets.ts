// Secrets planted in Hermes' log for the chaos soak: one of each family the redactor masks (a bearer token, a password
// in a URL, a key=value password, a JSON API key, a private key whose END never comes) and a user's private message.
// Each run plants fresh values, so finding one anywhere gatewatch writes is a leak, not a coincidence.
import { randomBytes } from 'node:crypto';
import { appendFile } from 'node:fs/promises';

export interface Planted {
  value: string;
  /** What it is, for the verdict (never the value itself). */
  what: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function random(n: number, alphabet = ALNUM): string {
  return Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
}

/** Hermes' log time: local `YYYY-MM-DD HH:MM:SS,mmm`. */
function stamp(d = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

export async function plantSecrets(logFile: string): Promise<Planted[]> {
  const bearer = random(40);
  const urlPassword = `Url${random(14)}`;
  // Letters only: a password with no digits must still be masked.
  const password = random(16, LETTERS);
  const apiKey = `sk-${random(48)}`;
  const keyBody = random(64);
  const privateText = `CHAOS-PRIVATE-${random(10)}`;
  const t = stamp();
  const lines = [
    `${t} INFO gateway.platforms.api: POST https://api.example.com/v1/chat Authorization: Bearer ${bearer}`,
    `${t} WARNING gateway.session: redis unavailable at redis://default:${urlPassword}@127.0.0.1:6379/0, falling back to memory`,
    `${t} INFO gateway.config: smtp login user=ops password=${password}`,
    `${t} DEBUG gateway.config: provider settings {"api_key": "${apiKey}", "model": "gpt-4o"}`,
    `${t} ERROR gateway.run: failed to load key:`,
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    keyBody,
    `${t} INFO gateway.run: inbound message: platform=qqbot user=A37B46B0A04E3326D727DFD81FCFEBA9 chat=A37B46B0A04E3326D727DFD81FCFEBA9 msg='${privateText}' reply_to_id=None reply_to_text=''`,
  ];
  await appendFile(logFile, lines.join('\n') + '\n');
  return [
    { value: bearer, what: 'a bearer token' },
    { value: urlPassword, what: 'a password in a redis URL' },
    { value: password, what: 'a password= value without digits' },
    { value: apiKey, what: 'an API key in JSON' },
    { value: keyBody, what: 'the body of a private key without END' },
    { value: privateText, what: "a user's message text" },
  ];
}
