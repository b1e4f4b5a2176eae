// Google Chat connected and hearing nothing (hermes-gateway-current.md §10.1, #68387): `bot_user_id=<unresolved>`, no
// ADDED_TO_SPACE, no envelope at all; the fix is Google-side configuration, so a restart does not help. The reference
// quotes only the token, not the line around it: the fixture's adapter line is its own, and the detector reads the
// token alone.
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../src/evidence.js';
import type { Finding } from '../../../src/types.js';
import { runDetectors } from '../../../src/detectors/index.js';
import { wordFinding } from '../../../src/i18n.js';
import { buildEvidence, fixtureText, iso, SETTINGS, stateFile } from '../../helpers/evidence.js';
import { findingId } from '../../helpers/platform-cases.js';

const V = { version: '0.20.6', source: 'state_file', generation: 'current', restampsUpdatedAt: false } as const;
const LOG = fixtureText('hermes-current/google-chat-unresolved.log');

function found(text: string, now: string, overrides: Partial<Evidence> = {}): Finding[] {
  const ev = buildEvidence({
    text,
    state: stateFile('running', { google_chat: 'connected' }, { platformsUpdatedAt: iso('2026-09-21 09:00:03') }),
    now,
    overrides: { hermes: { version: V, serving: { role: 'root', profile: 'default' } }, ...overrides },
  });
  return runDetectors(ev, SETTINGS);
}

describe('Google Chat (§10.1)', () => {
  it('#68387: connected with bot_user_id=<unresolved> and no event since: Google-side configuration, never restarted', () => {
    const f = found(LOG, '2026-09-21 09:30:00');
    expect(f.map(findingId)).toEqual(['platform_deaf.google_chat:google_chat']);
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.restart).toBe('never');
    expect(f[0]!.evidence[0]).toContain('bot_user_id=<unresolved>');
    expect(f[0]!.explanation).toContain('connected 29m ago with `bot_user_id=<unresolved>`');
    expect(f[0]!.action).toContain('Pub/Sub');
    const zh = wordFinding('zh-CN', f[0]!);
    expect(zh.title).toContain('机器人用户 ID');
    expect(zh.action).toContain('Pub/Sub');
  });

  it('look-alikes: just connected; a message heard since; the bot id resolved; the gateway down', () => {
    expect(found(LOG, '2026-09-21 09:05:00')).toEqual([]);
    const heard = `${LOG}2026-09-21 09:12:00,100 INFO gateway.run: inbound message: platform=google_chat user=users/1187 chat=spaces/AAAA msg='hi' reply_to_id=None reply_to_text=''
2026-09-21 09:12:04,000 INFO gateway.run: response ready: platform=google_chat chat=spaces/AAAA time=3.9s api_calls=1 response=40 chars\n`;
    expect(found(heard, '2026-09-21 09:30:00')).toEqual([]);
    expect(found(LOG.replace('<unresolved>', 'users/114230581'), '2026-09-21 09:30:00')).toEqual([]);
    const down = found(LOG, '2026-09-21 09:30:00', {
      process: { pidFile: null, alive: false, reason: 'not running' },
      processes: [],
    });
    expect(down.map(findingId).filter((id) => id.startsWith('platform_deaf'))).toEqual([]);
  });
});
