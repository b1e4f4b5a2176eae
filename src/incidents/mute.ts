// A mute: nothing goes out until it ends; then one summary of what is still open. A mute of everything, or of one
// target (its alerts only; the other targets still alert).
export interface MuteState {
  until: number;
  by: string;
  /** Alerts held back while muted (nothing goes out while muted). */
  held?: number;
  /** Incidents that recovered while muted, for the summary at the end. */
  recovered?: string[];
}
