import { describe, expect, it } from 'vitest';
import { backEdge } from '../../src/core/back-edge.js';

describe('backEdge: a part built early reaching one built later', () => {
  it('calls what answered it, with the arguments and the result', () => {
    const seen = backEdge<[target: string], string[]>('remediator → evaluation');
    const call = seen.call;
    seen.answer((target) => [`${target}:qqbot`]);
    expect(call('demo')).toEqual(['demo:qqbot']);
  });

  it('says which edge was called before the part it reaches was built, and refuses a second answer', () => {
    const edge = backEdge<[]>('outbox → channel trouble');
    expect(() => edge.call()).toThrow('outbox → channel trouble: called before the part it reaches was built');
    edge.answer(() => undefined);
    expect(() => edge.answer(() => undefined)).toThrow('outbox → channel trouble: answered twice');
  });
});
