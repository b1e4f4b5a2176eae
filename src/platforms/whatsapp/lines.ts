// What WhatsApp's adapter (tag `[Whatsapp]`) logs when its bridge dies (hermes-gateway-current.md §6).

/** The bridge (Node/Baileys) exited; Hermes respawns it. */
export const BRIDGE_EXITED = /^\[Whatsapp\] WhatsApp bridge process exited unexpectedly \(code -?\d+\)\./;
