// A finding quotes the log lines it rests on; a line a library wrote may carry a credential it sent (a request's
// headers echoed in an error). Through the built CLI: `gatewatch check` on a home whose gateway is down and whose last
// lines carry a Basic or Bearer credential padded with `==`, in a header, a `key=value` and a Python dict, says the
// lines with each credential masked and its scheme kept. The padding had been read as a `key=value` after the
// credential: the scheme was masked and the credential shown (before 2026-11-30).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewatch } from '../helpers/cli-run.js';
import { formatAsctime } from '../../src/demo/hermes-log.js';

const BASIC = 'Zm9vOmJhcmJhemJveA==';
const BEARER = 'YWJjZGVmZ2hpamtsbW5vcA==';
const PY = 'cXVpdGVhc2VjcmV0dmFsdWU==';

describe('gatewatch check quoting log lines with credentials in them', () => {
  it('masks a padded credential in every wording and keeps its scheme', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-quoted-'));
    const home = path.join(dir, 'hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    const at = formatAsctime(Date.now() - 30_000);
    writeFileSync(
      path.join(home, 'logs', 'gateway.log'),
      [
        `${at} INFO gateway.run: Starting Hermes Gateway...`,
        `${at} ERROR gateway.platforms.feishu: [Feishu] Send error: 401 Unauthorized, request headers Authorization: Basic ${BASIC} sent`,
        `${at} WARNING gateway.platforms.webhook: retry authorization=Bearer ${BEARER} attempt=2`,
        `${at} ERROR gateway.platforms.webhook: headers={'Authorization': 'Basic ${PY}'} refused`,
      ].join('\n') + '\n',
    );
    // A record whose process is gone: the gateway is down, and its finding quotes the log's last lines.
    writeFileSync(
      path.join(home, 'gateway.pid'),
      JSON.stringify({ pid: 999_999_999, kind: 'hermes-gateway', argv: ['python', '-m', 'hermes', 'gateway', 'run'] }),
    );
    const config = path.join(dir, 'gatewatch.yaml');
    writeFileSync(
      config,
      `state_dir: ${path.join(dir, 'state')}\ntargets:\n  - { name: q, hermes_home: ${home}, platforms: [feishu], service: { manager: none } }\n`,
    );
    const r = await gatewatch(['check', '--config', config], { spawn: true });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain('Authorization: Basic *** sent');
    expect(r.stdout).toContain('authorization=Bearer *** attempt=2');
    expect(r.stdout).toContain(`'Authorization': 'Basic ***'`);
    for (const secret of [BASIC, BEARER, PY]) expect(r.stdout + r.stderr).not.toContain(secret.slice(0, 12));
  });
});
