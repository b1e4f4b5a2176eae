// A platform the operator paused (hermes-gateway-current.md §9.10): said once, as intent, never restarted to undo it.
import { platformCases } from '../helpers/platform-cases.js';
import { isoAt } from '../helpers/platform-cases.js';

const paused = { state: 'paused', error_code: null, error_message: 'maintenance window', updated_at: isoAt(600) };

platformCases('platform_paused (§9.10)', [
  {
    name: '`/platform pause telegram`: info, no restart, not an outage',
    platforms: { telegram: paused, discord: 'connected' },
    at: 900,
    expect: ['platform_paused:telegram'],
    restart: 'wait',
  },
  {
    name: 'a paused platform is no platform_down, however long',
    platforms: { telegram: paused },
    at: 86_400,
    expect: ['platform_paused:telegram'],
  },
  {
    name: 'look-alike: resumed (retrying for a moment, within the grace)',
    platforms: { telegram: { state: 'retrying', updated_at: isoAt(880) } },
    at: 900,
    expect: [],
  },
]);
