// A plain `gatewatch check` runs one look and nothing else: its loop has nothing to do while a file is read, so it makes
// every file call in its turn instead of handing each to libuv's threads (src/util/file-calls.ts). Check's own bundle
// imports this; the daemon and the full CLI keep their loop free of files.
import { callFilesInTurn } from './util/file-calls.js';

callFilesInTurn();
