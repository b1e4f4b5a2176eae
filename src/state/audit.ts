// state_dir/audit.jsonl: one JSON object per line for every alert, restart and command.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AuditInput, AuditRecord } from '../types.js';
import { redactDeep } from '../util/redact.js';

export interface AuditLog {
  write(rec: AuditInput): Promise<void>;
  read(limit?: number): Promise<AuditRecord[]>;
  file: string;
}

export function createAuditLog(stateDir: string, now: () => number = Date.now): AuditLog {
  const file = path.join(stateDir, 'audit.jsonl');
  let chain: Promise<void> = Promise.resolve();
  return {
    file,
    write(rec) {
      const full = {
        ts: new Date(now()).toISOString(),
        type: rec.type,
        target: rec.target ?? null,
        check: rec.check ?? null,
        severity: rec.severity ?? null,
        actor: rec.actor,
        detail: rec.detail ?? null,
      };
      chain = chain
        .catch(() => undefined)
        .then(async () => {
          await fs.mkdir(stateDir, { recursive: true });
          await fs.appendFile(file, JSON.stringify(redactDeep(full)) + '\n', { mode: 0o600 });
        });
      return chain;
    },
    async read(limit = 1000) {
      let text = '';
      try {
        text = await fs.readFile(file, 'utf8');
      } catch {
        return [];
      }
      const out: AuditRecord[] = [];
      for (const line of text.split('\n').slice(-limit - 1)) {
        if (!line.trim()) continue;
        try {
          out.push(JSON.parse(line) as AuditRecord);
        } catch {
          // a torn last line from a crash: skip it
        }
      }
      return out;
    },
  };
}
