// What the runner and Hermes' Photon (iMessage) adapter log about it (hermes-gateway-current.md §10.1, #52794). The
// sidecar's rate-limit error is quoted without its logger or file: it is looked for in gateway.log and agent.log.

/** #52794: Spectrum refused the sidecar (`SpectrumCloudError: Rate limited by ip_per_minute (max 300 per 60s)`). */
export const RATE_LIMITED = /SpectrumCloudError: Rate limited by ip_per_minute \(max 300 per 60s\)/;

/** The runner reconnected it (`✓ %s reconnected successfully`, §6). */
export const RECONNECTED = /^✓ photon reconnected successfully/;

/** #52794: a reply handed to Photon: `[Photon] Sending response (N chars)`. */
export const SENDING = /^\[Photon\] Sending response \((\d+) chars\)/;
