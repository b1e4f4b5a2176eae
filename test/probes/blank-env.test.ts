// The keys a Hermes home's .env sets to an empty value (hermes-gateway-current.md §10.1, #40715), by name only.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBlankEnv } from '../../src/probes/blank-env.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

describe('readBlankEnv', () => {
  it('names the keys assigned an empty value, quoted or not, and never a value', async () => {
    const home = await tempDir();
    await writeFile(
      path.join(home, '.env'),
      [
        'TELEGRAM_BOT_TOKEN=123456:AAExampleTokenValue',
        'EMAIL_ADDRESS=',
        'export EMAIL_PASSWORD=""',
        'EMAIL_IMAP_HOST=  ',
        'EMAIL_SMTP_HOST=smtp.example.org',
        '# EMAIL_POLL_INTERVAL=',
      ].join('\n'),
    );
    const blank = await readBlankEnv(home);
    expect(blank).toEqual({
      file: path.join(home, '.env'),
      keys: ['EMAIL_ADDRESS', 'EMAIL_PASSWORD', 'EMAIL_IMAP_HOST'],
    });
    expect(JSON.stringify(blank)).not.toContain('AAExample');
  });

  it('says nothing for a home without a .env or without a blank key', async () => {
    const home = await tempDir();
    expect(await readBlankEnv(home)).toBeUndefined();
    await writeFile(path.join(home, '.env'), 'EMAIL_ADDRESS=bot@example.org\n');
    expect(await readBlankEnv(home)).toBeUndefined();
  });
});
