// What Hermes' email adapter (logger `gateway.platforms.email`, tag `[Email]`, a gateway component: gateway.log) and the
// runner log about it (hermes-gateway-current.md §10.1: #80016, #40715, #92358).

/** #80016: every IMAP fetch error, swallowed and answered like an empty inbox: `[Email] IMAP fetch error: %s`. */
export const FETCH_ERROR = /^\[Email\] IMAP fetch error: (.*)$/;

/** An IMAP connect that failed, and why (ERROR gateway.platforms.email): blank `EMAIL_*` settings fail it on name resolution (#40715). */
export const CONNECT_FAILED = /^\[Email\] IMAP connection failed: (.+)$/;

/** #40715: the runner's line beside it every ~30 s (WARNING gateway.run). */
export const NOT_CONNECTED = /^✗ email failed to connect/;
