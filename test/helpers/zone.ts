// A test file that needs the host's zone to be other than UTC sets it for its own run and puts it back after: the
// worker process may go on to run other files (the `shared` project in vitest.config.ts). Node rereads TZ when it is
// assigned, and the sources read the zone per call (src/util/time.ts), so no date made later carries the old zone.
import { afterAll, beforeAll } from 'vitest';

export function hostZoneForThisFile(zone: string): void {
  const before = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
    // The test would pass unknowingly in UTC: make sure the zone took.
    if (new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset() === 0 && zone !== 'UTC')
      throw new Error(`TZ=${zone} did not take`);
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });
}
