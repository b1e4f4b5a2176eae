// A channel's credentials refused by the service itself when it starts: a definite answer (401/403 or the service's
// documented invalid-credential code), never a network error or a timeout, which only mean "try again later". A config
// error that also carries the fix in plain words, in the operator's language, for the notice the other channels hear.
import { ConfigError } from '../config/load.js';

export class CredentialsRefused extends ConfigError {
  constructor(
    source: string,
    key: string,
    message: string,
    /** One line, from the catalogue: what to do about it. */
    readonly fix: string,
    /** Which service refused, and its answer (`401 Unauthorized`): for the banner and /doctor. */
    readonly refusal?: { service: string; answer: string },
  ) {
    super(source, undefined, key, message);
  }
}

/** How long a start-up credential check may take before the channel starts anyway (and retries as it always does). */
export const CREDENTIAL_CHECK_TIMEOUT_MS = 5_000;
