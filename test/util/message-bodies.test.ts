// Issue 18 item 9: what users wrote to the bot, in Hermes' log lines (the exact forms: QQ's `C2C message: … content=…`,
// gateway.run's `inbound message: … msg=… reply_to_text=…`, Feishu's `Inbound … message received: … text=…`), is shown
// as its length only.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { elideBodies } from '../../src/util/message-bodies.js';
import { TEST_DIR } from '../helpers/paths.js';

const lines = readFileSync(path.join(TEST_DIR, 'fixtures/hermes/inbound-messages.log'), 'utf8').trimEnd().split('\n');
const label = (n: number) => `<${n} chars>`;

describe('elideBodies', () => {
  it('hides every body in the exact Hermes forms, and nothing else', () => {
    const out = lines.map((l) => elideBodies(l, label));
    expect(out[0]).toBe(
      '2026-06-22 08:12:40,331 INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] C2C message: id=ROBOT1.0_dQk7.Nv2xYpLm0aWcFh3JQ!! content=<8 chars> attachments=None',
    );
    expect(out[2]).toBe(
      "2026-06-22 08:12:40,341 INFO gateway.run: inbound message: platform=qqbot user=A37B46B0A04E3326D727DFD81FCFEBA9 chat=A37B46B0A04E3326D727DFD81FCFEBA9 msg=<8 chars> reply_to_id=None reply_to_text=''",
    );
    expect(out[4]).toContain(
      ' type=text chat_id=oc_5e2f7a9c1d3b8e6f0a4c2d9e7b1f3a5c sender=open_id:ou_7d3a1f9e2b4c6d8e0f1a2b3c4d5e6f70 text=<32 chars> media=0',
    );
    expect(out[5]).toContain(' msg=<32 chars> reply_to_id=om_x100b4c2e9f0a1d3b reply_to_text=<17 chars>');
    // Python's repr quotes with " when the text holds a '.
    expect(out[6]).toContain(' msg=<43 chars> reply_to_id=None');
    expect(out[7]).toContain(' msg=<31 chars> reply_to_id=None');
    // Lines without a body are untouched.
    for (const i of [1, 3, 8, 9]) expect(out[i]).toBe(lines[i]);
    expect(out.join('\n')).not.toMatch(/服务器|salary|earn|hunter2|BEGIN/);
  });

  it('counts escapes as the characters they stand for, and keeps empty bodies and None', () => {
    expect(elideBodies("msg='it\\'s\\n中' text=None content=''", label)).toBe("msg=<6 chars> text=None content=''");
    expect(elideBodies('{"msg_type":0,"content":"收到 ✅","msg_id":"ROBOT1.0_x"}', label)).toBe(
      '{"msg_type":0,"content":"<4 chars>","msg_id":"ROBOT1.0_x"}',
    );
    expect(elideBodies('inbound text=hello world media=0', label)).toBe('inbound text=<11 chars> media=0');
  });

  it('costs linear time on a hostile line', () => {
    const t0 = performance.now();
    for (const l of [
      "msg='" + 'a'.repeat(200_000),
      'text=' + ' x'.repeat(100_000),
      'msg="' + '\\'.repeat(200_000),
      '"content":"' + 'x'.repeat(200_000),
    ])
      elideBodies(l, label);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
