// A history file gatewatch cannot read at start (truncated by a full disk, damaged by hand): the operator hears it once,
// on their channel, with where the damaged file was kept; the figures start afresh rather than from a rebuild that
// would show other numbers (issue 43 item 5). The next start says nothing more.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { historyFile } from '../src/history/store.js';
import { appWithPhone, stoppedAfterEach } from './helpers/demo-apps.js';

const log = pino({ level: 'silent' });
const { apps } = stoppedAfterEach();

describe('a history gatewatch cannot read at start', () => {
  it('is said once on the channel, naming the file kept aside; the next start says nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-history-lost-'));
    const stateDir = path.join(dir, 'state');
    mkdirSync(path.join(stateDir, 'history'), { recursive: true });
    mkdirSync(path.join(dir, 'hermes', 'logs'), { recursive: true });
    writeFileSync(historyFile(stateDir, 'default'), '{"version":1,"target":"default","since":17');
    const config = resolveConfig(
      configSchema.parse({
        state_dir: stateDir,
        schedule: '0 0 1 1 *',
        targets: [{ name: 'default', hermes_home: path.join(dir, 'hermes'), service: { manager: 'none' } }],
      }),
      undefined,
    );
    const first = await appWithPhone(apps, config, log);
    await first.app.start();
    const notice = await first.p.first((a) => /history of default could not be read/.test(a.reply.title));
    expect(notice.severity).toBe('warning');
    expect(notice.reply.lines!.join('\n')).toMatch(/default\.json\.corrupt-\d+/);
    await first.app.stop();

    const second = await appWithPhone(apps, config, log);
    await second.app.start();
    await second.app.outbox.flush();
    expect(second.p.titles().filter((t) => /could not be read/.test(t))).toEqual([]);
  });
});
