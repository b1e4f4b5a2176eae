// QQ's 4009 closes kept over hours from a real agent.log file (src/probes/qq-hours.ts through src/probes/log-hours.ts):
// only QQ's own close line with code 4009, not another code, not the same words quoted by another logger.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatRecord } from '../../src/demo/hermes-log.js';
import { readLogHours } from '../../src/probes/log-hours.js';
import { QQ_HOURS_NEEDLES } from '../../src/probes/qq-hours.js';
import { localTime } from '../helpers/evidence.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gw-qq-hours-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const T0 = localTime('2026-11-25 06:00:00');
const QQ = 'gateway.platforms.qqbot.adapter';

describe("QQ's lines over hours", () => {
  it('keeps each 4009 close of QQ, across five hours, and nothing else', async () => {
    const file = path.join(dir, 'agent.log');
    const lines: string[] = [];
    for (let m = 0; m < 300; m += 30) {
      const t = T0 + m * 60_000;
      lines.push(
        formatRecord(t, 'WARNING', QQ, '[QQBot:102000111] WebSocket closed: code=4009 reason=Session timed out'),
        formatRecord(t + 5, 'INFO', QQ, '[QQBot:102000111] Reconnecting in 2s (attempt 1)...'),
        formatRecord(t + 2_010, 'INFO', QQ, '[QQBot:102000111] Session resumed'),
      );
    }
    lines.push(
      formatRecord(
        T0 + 301 * 60_000,
        'WARNING',
        QQ,
        '[QQBot:102000111] WebSocket closed: code=4008 reason=Rate limited',
      ),
      formatRecord(T0 + 302 * 60_000, 'INFO', 'agent.tools', 'user pasted "WebSocket closed: code=4009" into a chat'),
    );
    await fs.writeFile(file, `${lines.join('\n')}\n`);
    const kept = await readLogHours(file, QQ_HOURS_NEEDLES, { now: T0 + 303 * 60_000 });
    expect(kept).toHaveLength(10);
    expect(new Set(kept.map((r) => r.message))).toEqual(
      new Set(['[QQBot:102000111] WebSocket closed: code=4009 reason=Session timed out']),
    );
    expect(kept[0]!.ts).toBe(T0);
  });
});
