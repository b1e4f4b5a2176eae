// A finding as a detector hands one on, for the tests that step the incident machine or judge a platform from findings
// they write themselves: what a test does not set is the default target's, with no words and no evidence.
import type { Finding } from '../../src/types.js';

export const aFinding = (f: Pick<Finding, 'check' | 'severity' | 'restart'> & Partial<Finding>): Finding => ({
  target: 'default',
  title: '',
  explanation: '',
  action: '',
  evidence: [],
  ...f,
});

/** The QQ 4009 rate's forecast, as platforms/qqbot/forecast.ts words it: a warning about QQ, its advice to wait. */
export const qqRateForecast = aFinding({
  check: 'forecast',
  cause: 'qq_4009',
  platform: 'qqbot',
  severity: 'warning',
  restart: 'wait',
});
