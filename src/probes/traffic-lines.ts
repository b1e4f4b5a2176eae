// The runner's message traffic in gateway.log (hermes-gateway-current.md §8.7, §9.12): `inbound message: platform=<p>
// user=<u> chat=<c> msg='…'` and `response ready: platform=<p> chat=<c> time=<s>s …`, their fields read as the real
// gateway.log in test/fixtures/hermes/ has them. One definition for whoever reads turns from them.

export const INBOUND_MSG = /^inbound message: (?:.* )?platform=([\w.-]+)(?: .*)?$/;
export const RESPONSE_MSG = /^response ready: (?:.* )?platform=([\w.-]+)(?: .*)?$/;
/** A slash command (`msg='/status'`) is answered by the command path, which runs no agent turn and logs no reply. */
export const COMMAND_MSG = / msg=['"]\//;
/** `/stop`, `/new`, `/reset` end the chat's turn whether or not a reply is logged. */
export const ENDS_TURN_MSG = / msg=['"]\/(?:stop|new|reset)\b/;

/** A `name=value` field of a runner line (the value ends at a space or a quote). */
export function trafficField(message: string, name: string): string | undefined {
  return new RegExp(`(?:^| )${name}=([^\\s']+)`).exec(message)?.[1];
}
