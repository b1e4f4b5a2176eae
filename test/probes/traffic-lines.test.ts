// The runner's traffic lines' fields (src/probes/traffic-lines.ts), as the real gateway.log writes them.
import { describe, expect, it } from 'vitest';
import { trafficField } from '../../src/probes/traffic-lines.js';

const INBOUND = "inbound message: platform=qqbot user=A37B chat=A37B msg='hello' reply_to_id=None reply_to_text=''";
const RESPONSE = 'response ready: platform=feishu chat=oc_9f2 time=12.4s api_calls=3 response=512 chars';

/** `new RegExp` calls made by `fn` (the global constructor, looked up at each call, counted while `fn` runs). */
function regExpsMade(fn: () => void): number {
  const real = globalThis.RegExp;
  let made = 0;
  globalThis.RegExp = new Proxy(real, { construct: (t, a) => (made++, new t(...(a as [string]))) });
  try {
    fn();
  } finally {
    globalThis.RegExp = real;
  }
  return made;
}

describe('trafficField', () => {
  it('reads a field up to a space or a quote, at the start or after a space only', () => {
    expect(trafficField(INBOUND, 'chat')).toBe('A37B');
    expect(trafficField(INBOUND, 'user')).toBe('A37B');
    expect(trafficField(INBOUND, 'msg')).toBeUndefined(); // its value opens with a quote
    expect(trafficField(RESPONSE, 'time')).toBe('12.4s');
    expect(trafficField(RESPONSE, 'chat')).toBe('oc_9f2');
    expect(trafficField('chat=c1 x', 'chat')).toBe('c1');
    // Look-alikes: a longer name ending in it, a field the line lacks.
    expect(trafficField('response ready: platform=x subchat=no time=1s', 'chat')).toBeUndefined();
    expect(trafficField(RESPONSE, 'user')).toBeUndefined();
  });

  it('makes each field’s pattern once, not once a line (a busy run’s turns read 2,000 lines a check, issue 62)', () => {
    trafficField(INBOUND, 'chat');
    trafficField(INBOUND, 'user');
    const made = regExpsMade(() => {
      for (let i = 0; i < 100; i++) trafficField(i % 2 ? INBOUND : RESPONSE, i % 3 ? 'chat' : 'user');
    });
    expect(made).toBe(0);
  });
});
