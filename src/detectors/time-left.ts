// A time left, or a time between two events, as a forecast says it: in words of the reader's locale ("about 40 min",
// "约 40 分钟"), rounded as far as an extrapolation deserves. Never a bare number: a forecast is read by a person.
import type { FindingParam } from '../types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** `ms` in words: minutes (to 5 past 10 min), hours and minutes (to 10 min) under 6 h, hours under 2 days, then days. */
export function inWords(ms: number): FindingParam {
  const min = Math.max(1, Math.round(ms / MIN));
  if (min < 10) return { key: 'duration.min', params: { n: min } };
  if (min < 58) return { key: 'duration.min', params: { n: Math.round(min / 5) * 5 } };
  if (ms < 6 * HOUR) {
    const tens = Math.round(ms / (10 * MIN)) * 10;
    const h = Math.floor(tens / 60);
    const m = tens % 60;
    return m ? { key: 'duration.h_min', params: { h, min: m } } : { key: 'duration.h', params: { n: h } };
  }
  if (ms < 47.5 * HOUR) return { key: 'duration.h', params: { n: Math.round(ms / HOUR) } };
  if (ms >= 7 * DAY) return { key: 'duration.d', params: { n: Math.round(ms / DAY) } };
  const d = Math.floor(ms / DAY);
  const h = Math.round((ms - d * DAY) / HOUR);
  if (h === 24) return { key: 'duration.d', params: { n: d + 1 } };
  return h ? { key: 'duration.d_h', params: { d, h } } : { key: 'duration.d', params: { n: d } };
}

/**
 * The time between two events of a cadence in words: seconds under a minute (a close every 20 s is not "1 min", which
 * would say a third of its rate), else as inWords.
 */
export function everyInWords(ms: number): FindingParam {
  if (ms >= 55_000) return inWords(ms);
  const s = ms < 10_000 ? Math.max(1, Math.round(ms / 1000)) : Math.round(ms / 5000) * 5;
  return { key: 'duration.s', params: { n: s } };
}

/** A rate of events said as a rate: how many an hour, and one every how long. */
export function rateInWords(perHour: number): FindingParam {
  const n = perHour < 10 ? Math.round(perHour * 10) / 10 : Math.round(perHour);
  return { key: 'rate.per_hour', params: { n, every: everyInWords(3_600_000 / perHour) } };
}
