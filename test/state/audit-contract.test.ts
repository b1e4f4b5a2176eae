// The audit log is a contract (README "Audit log"): every way an incident can close is named where the records are
// described, so an audit reader knows each `detail.how` it can meet. Read wherever that text lives (README or docs/).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOSE_HOWS } from '../../src/incidents/machine.js';
import { TEST_DIR } from '../helpers/paths.js';

const ROOT = path.join(TEST_DIR, '..');
const docs = () =>
  ['README.md', ...readdirSync(path.join(ROOT, 'docs')).flatMap((f) => (f.endsWith('.md') ? [`docs/${f}`] : []))]
    .map((f) => readFileSync(path.join(ROOT, f), 'utf8'))
    .join('\n');

describe('the audit contract', () => {
  it('names alert.close and every way an incident closes', () => {
    const text = docs();
    const contract = text.slice(text.indexOf('`alert.close`'));
    expect(contract.length).toBeGreaterThan(0);
    for (const how of ['recovered', ...CLOSE_HOWS]) expect(contract).toContain(`\`${how}\``);
  });
});
