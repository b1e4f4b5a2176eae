// The one redactor's cost: every line /logs shows, every alert, every audit record and gatewatch's own log pass it.
// Real Hermes log lines (the test fixtures), lines full of secrets, one large multi-line text, hostile lines.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { redact } from '../src/util/redact.js';
import { median, ROOT, show, type BenchOptions, type Row } from './lib/common.js';

const SECRET = 'k8Zq0vT3xYw9LmN2pQr5sTu7';
const SECRET_LINES = [
  `2026-07-03 08:02:16,904 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] Send failed: 401 for url 'https://api.sgroup.qq.com/v2/users/A37B46B0A04E3326D727DFD81FCFEBA9/messages?access_token=${SECRET}' headers={'Authorization': 'QQBot ${SECRET}'}`,
  `{"app_id":"cli_a5f3c2d1e0b9a8c7","app_secret":"${SECRET}","tenant_access_token":"t-g1044ghJRUIJJ5ELPZH4MUA2BCDEFGH"}`,
  `HTTPS_PROXY=http://ops:Pr0xyPa55@10.0.0.2:3128 password=hunter2hunter2 --api-key ${SECRET} sk-proj-${SECRET}abcd`,
  'POST https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef&timestamp=1&sign=abc%2Bdef',
];

function perLine(lines: string[], rounds: number): number {
  const t0 = performance.now();
  let chars = 0;
  for (let r = 0; r < rounds; r++) for (const l of lines) chars += redact(l).length;
  if (chars < 0) console.log(chars);
  return ((performance.now() - t0) * 1000) / (rounds * lines.length);
}

export default async function bench(o: BenchOptions): Promise<Row[]> {
  const dir = path.join(ROOT, 'test', 'fixtures', 'logs');
  const real = readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n'))
    .filter(Boolean);
  redact(real.join('\n')); // compile the patterns first
  const trials = o.n(7, 3);
  const rows = (_label: string, lines: string[], rounds: number) =>
    median(Array.from({ length: trials }, () => perLine(lines, rounds)));
  const plain = rows('real', real, o.n(20, 5));
  const secret = rows('secret', SECRET_LINES, o.n(5000, 1000));
  const big = real.join('\n');
  const bigMs = median(
    Array.from({ length: trials }, () => {
      const t0 = performance.now();
      redact(big);
      return performance.now() - t0;
    }),
  );
  const hostile = [
    'a'.repeat(200_000),
    'password'.repeat(20_000),
    `token=${'x'.repeat(200_000)}`,
    '-'.repeat(200_000),
    '--a-'.repeat(50_000),
    '"token":"'.repeat(20_000),
    '\\"'.repeat(60_000),
    'eyJ'.repeat(60_000) + '.',
  ];
  const t0 = performance.now();
  for (const l of hostile) redact(l);
  const hostileMs = performance.now() - t0;
  return [
    show({ bench: 'redact', metric: `a real Hermes log line (${real.length} lines)`, value: plain, unit: 'µs' }),
    show({ bench: 'redact', metric: 'a line full of secrets', value: secret, unit: 'µs' }),
    show({
      bench: 'redact',
      metric: `one text of ${real.length} lines (${(big.length / 1024).toFixed(0)} KB)`,
      value: bigMs,
      unit: 'ms',
    }),
    show({
      bench: 'redact',
      metric: '8 hostile lines of 120-200 KB',
      value: hostileMs,
      unit: 'ms',
      goal: '≤ 2000 ms',
      ok: hostileMs <= 2000,
    }),
  ];
}
