// How a platform answered a call of gatewatch's own bot, for "us or them" (src/detectors/scope.ts): the one reading of
// an HTTP status every chat channel's askPlatform shares. An answer of any kind (a refused token too) says the platform
// serves; a 5xx says its servers fail; no status at all says nothing came back.
import type { PlatformAnswer } from '../types.js';

/** `status` 0: no answer (refused, reset, no name, timed out). `detail`: already scrubbed of secrets. */
export function platformAnswer(status: number, detail: string): PlatformAnswer {
  if (!(status > 0)) return { answer: 'no_answer', detail };
  if (status >= 500) return { answer: 'server_error', status, detail };
  return { answer: 'answered', status, detail };
}
