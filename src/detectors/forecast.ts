// Forecasts (issue 44 item 2): warnings that name the time left and the trend they rest on, and are withdrawn when the
// trend turns (hermes-gateway-current.md §10.4). One check, `forecast`, one cause each (`disk`, …); a platform's own
// forecasts come from its folder (src/platforms/<name>/, HermesPlatform.forecasts). memory_growth, older than this
// check, is a forecast too (its meaning's role).
import type { Detector } from '../evidence.js';
import { diskForecast } from './forecast-disk.js';

export function forecastDetector(more: readonly Detector['detect'][] = []): Detector {
  const parts = [diskForecast, ...more];
  return { check: 'forecast', meaning: { roles: ['forecast'] }, detect: (ev, s) => parts.flatMap((p) => p(ev, s)) };
}
