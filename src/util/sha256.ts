// SHA-256 of a short string without node:crypto. `gatewatch check` names a Hermes home's service by a hash of its path
// (config/load.ts hermesProfileSuffix); node:crypto is not in node's start-up snapshot and loading it costs a one-shot
// check ~6 ms and ~1.7 MB for one hash of a few dozen bytes. Anything hashing more, or a secret, uses node:crypto.
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/** Lower-case hex SHA-256 of `text` as UTF-8. */
export const sha256Hex = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)));
