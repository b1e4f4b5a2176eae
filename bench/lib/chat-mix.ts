// A busy gateway's chat, as Hermes logs it (issue 56): turns alternating QQ and Feishu, each an `inbound message:` /
// `response ready:` pair of the runner (test/fixtures/hermes/inbound-messages.log), a QQ turn led by its adapter's
// `C2C message:` line and the `After processing:` line the real v0.17 gateway writes after each one
// (test/fixtures/hermes/real-v0.17-error-reply.log). One record a call: Hermes' logging handler writes each with a
// write() of its own.
import { formatRecord, LOGGER } from '../../src/demo/hermes-log.js';

const QQ_USER = 'A37B46B0A04E3326D727DFD81FCFEBA9';
const FS_USER = 'ou_7d3a1f9e2b4c6d8e0f1a2b3c4d5e6f70';
const FS_CHAT = 'oc_5e2f7a9c1d3b8e6f0a4c2d9e7b1f3a5c';

/** The records of one QQ turn and one Feishu turn, six lines, for message number `n`. */
function turns(n: number): [string, string][] {
  const msg = `hello ${n}`;
  return [
    [LOGGER.qq, `[QQBot:102345678] C2C message: id=ROBOT1.0_dQk7.Nv2xYpLm0aW${n}!! content='${msg}' attachments=None`],
    [LOGGER.qq, '[QQBot:102345678] After processing: images=0, voice=0'],
    [
      LOGGER.run,
      `inbound message: platform=qqbot user=${QQ_USER} chat=${QQ_USER} msg='${msg}' reply_to_id=None reply_to_text=''`,
    ],
    [LOGGER.run, `response ready: platform=qqbot chat=${QQ_USER} time=1.2s api_calls=1 response=42 chars`],
    [
      LOGGER.run,
      `inbound message: platform=feishu user=${FS_USER} chat=${FS_CHAT} msg='${msg}' reply_to_id=None reply_to_text=''`,
    ],
    [LOGGER.run, `response ready: platform=feishu chat=${FS_CHAT} time=1.3s api_calls=1 response=57 chars`],
  ];
}

/** Gives the next line of the mix (no newline) at each call, stamped `now()`. */
export function chatMix(now: () => number = Date.now): () => string {
  let i = 0;
  let batch: [string, string][] = [];
  return () => {
    if (!batch.length) batch = turns(i++);
    const [logger, message] = batch.shift()!;
    return formatRecord(now(), 'INFO', logger, message);
  };
}
