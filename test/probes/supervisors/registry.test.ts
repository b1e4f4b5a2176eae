// One list of the supervisors gatewatch knows (MANAGER_KINDS): the config takes each, each has its adapter, and each is
// named in both languages (texts.test.ts). A kind added to the list without its adapter or its name fails here, not in a user's alert.
import { describe, expect, it } from 'vitest';
import { MANAGER_KINDS } from '../../../src/evidence/service.js';
import { adapterOf, SUPERVISORS } from '../../../src/probes/supervisors/index.js';

describe('the supervisors’ list', () => {
  it('has one adapter for each kind, and no adapter of a kind it does not list', () => {
    for (const kind of MANAGER_KINDS) expect(adapterOf(kind).kind).toBe(kind);
    expect(SUPERVISORS.map((a) => a.kind).sort()).toEqual([...MANAGER_KINDS].sort());
  });
});
