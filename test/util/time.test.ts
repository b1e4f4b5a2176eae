// Local times are worded from Date's own fields, not Intl: the first Intl.DateTimeFormat or toLocaleString maps ~6 MB
// of ICU data into the daemon for good (issue 21). The text must stay what Intl wrote.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatTime, localStamp } from '../../src/util/time.js';
import { clock } from '../../src/actions/restart-policy.js';
import { alertSubtitle } from '../../src/delivery/render-parts.js';
import { DIST } from '../helpers/paths.js';

const tz = process.env.TZ;
afterEach(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

// Around both DST changes in Berlin, a half-hour zone, midnight, a leap day.
const instants = [
  '2026-03-29T00:59:59Z',
  '2026-03-29T01:00:00Z',
  '2026-10-25T00:30:00Z',
  '2026-10-25T01:30:00Z',
  '2028-02-29T23:59:30Z',
  '2026-06-22T08:00:03.999Z',
].map(Date.parse);

describe('local time without Intl', () => {
  it('writes what toLocaleString("sv-SE") and the en-US parts wrote, in any host zone', () => {
    for (const zone of ['Europe/Berlin', 'America/St_Johns', 'Asia/Kolkata', 'UTC']) {
      process.env.TZ = zone;
      for (const ms of instants) {
        const d = new Date(ms);
        expect(localStamp(ms), `${zone} ${d.toISOString()}`).toBe(d.toLocaleString('sv-SE'));
        expect(clock(ms)).toBe(d.toLocaleTimeString('sv-SE'));
        expect(alertSubtitle({ target: 'prod', createdAt: ms } as Parameters<typeof alertSubtitle>[0])).toBe(
          `prod · ${d.toLocaleString('sv-SE').slice(0, 16)}`,
        );
        const p = Object.fromEntries(
          new Intl.DateTimeFormat('en-US', {
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
            hourCycle: 'h23',
          })
            .formatToParts(d)
            .map((x) => [x.type, x.value]),
        );
        expect(formatTime(ms)).toBe(`${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`);
        expect(formatTime(new Date(ms).toISOString())).toBe(formatTime(ms));
      }
    }
  });

  it('builds no Intl.DateTimeFormat and calls no toLocale*String (the built modules, in a process of their own)', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-time-'));
    const record = path.join(tmp, 'record');
    const preload = path.join(tmp, 'preload.cjs');
    writeFileSync(record, '');
    writeFileSync(
      preload,
      `const fs = require('fs'); const note = (what) => fs.appendFileSync(${JSON.stringify(record)}, what + '\\n');\n` +
        `const D = Intl.DateTimeFormat; Intl.DateTimeFormat = new Proxy(D, { construct: (t, a) => (note('new Intl.DateTimeFormat'), new t(...a)), apply: (t, _, a) => (note('Intl.DateTimeFormat()'), t(...a)) });\n` +
        `for (const m of ['toLocaleString', 'toLocaleTimeString', 'toLocaleDateString']) { const o = Date.prototype[m]; Date.prototype[m] = function (...a) { note(m); return o.apply(this, a); }; }\n`,
    );
    const url = (f: string) => JSON.stringify(new URL(`file://${path.join(DIST, f)}`).href);
    const script = [
      `const { formatTime } = await import(${url('util/time.js')});`,
      `const { clock } = await import(${url('actions/restart-policy.js')});`,
      `const { alertSubtitle } = await import(${url('delivery/render-parts.js')});`,
      `console.log(formatTime(Date.now()), formatTime(new Date().toISOString()), clock(Date.now()), alertSubtitle({ target: 'prod', createdAt: Date.now() }));`,
    ].join('\n');
    const child = spawn(process.execPath, ['--require', preload, '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.on('close', r));
    expect(code, out).toBe(0);
    expect(out).toMatch(
      /^\d\d-\d\d \d\d:\d\d:\d\d \d\d-\d\d \d\d:\d\d:\d\d \d\d:\d\d:\d\d prod · \d{4}-\d\d-\d\d \d\d:\d\d\n$/,
    );
    expect(readFileSync(record, 'utf8')).toBe('');
  });
});
