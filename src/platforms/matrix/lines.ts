// What Matrix's adapter (`hermes_plugins.matrix_platform.adapter`, no tag: `Matrix: …`) logs when its sync stops
// delivering (hermes-gateway-current.md §6, §9.5).

/** §6: the sync loop returns on a permanent auth error; every wording since #111180 starts so. */
export const PERMANENT_AUTH = /^Matrix: permanent auth error/;

/** §9.5, #56532: `Matrix: sync error: %s — retrying in 5s` with the introspection failure, forever. */
export const INTROSPECT = /^Matrix: sync error: Unable to introspect the access token — retrying in 5s/;

/** §9.5, PR #27330: the one-shot warning when the startup grace filter drops live events; group 1 the skew. */
export const CLOCK_SKEW =
  /^Matrix: dropped \d+ consecutive live events as 'too old' more than 30s after startup \(skew ≈ (\d+)s\)/;

export const sample = {
  introspect: () => 'Matrix: sync error: Unable to introspect the access token — retrying in 5s',
  clockSkew: (dropped: number, skew: number) =>
    `Matrix: dropped ${dropped} consecutive live events as 'too old' more than 30s after startup (skew ≈ ${skew}s). The host system clock is likely set ahead of real time, which causes the startup grace filter to silently discard every incoming message. Run \`timedatectl set-ntp true\` (or sync NTP) and restart the bot.`,
};
