// SHA-256 of a short string without node:crypto. `gatewatch check` names a Hermes home's service by a hash of its path
// (config/load.ts hermesProfileSuffix); node:crypto is not in node's start-up snapshot and loading it costs a one-shot
// check ~6 ms and ~1.7 MB for one hash of a few dozen bytes. Anything hashing more, or a secret, uses node:crypto.
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

// The same few paths are hashed again and again (a home's service suffix, by the config and by each look's restart
// route), in the interpreter a check runs in: each is hashed once.
const hashed = new Map<string, string>();
const HASHED_KEPT = 256;

/** Lower-case hex SHA-256 of `text` as UTF-8. */
export function sha256Hex(text: string): string {
  let hex = hashed.get(text);
  if (hex === undefined) {
    hex = bytesToHex(sha256(utf8ToBytes(text)));
    if (hashed.size >= HASHED_KEPT) hashed.clear();
    hashed.set(text, hex);
  }
  return hex;
}
