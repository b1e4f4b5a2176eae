// The files one look reads, each opened once for every reader of it (issue 62 item 4): agent.log was opened by the
// slow-tool reader, the side logs and the hours reader, gateway.log by the history, the hours and the refused-start
// reader, each a look. A look's readers share one opening, and with it one fstat: what the file held as the look
// began. Nothing outlives the look: close() closes all it opened, and the next look opens anew.
import path from 'node:path';
import { openRegular, type OpenFile } from './read-capped.js';

/** Opens a regular file for one reader, who closes it when done (openRegular, or a look's shared opening). */
export type OpenRegular = (file: string) => Promise<OpenFile>;

export interface LookFiles {
  open: OpenRegular;
  /** A second look within the same gather (one that confirms a death): what was opened is closed, and opened anew. */
  anew(): Promise<void>;
  /** Closes what the look opened, once its readers are done; an open after it is the reader's own, as openRegular's. */
  close(): Promise<void>;
}

/** `openOne`: how a file is opened (openRegular; a one-shot look's in its turn, openRegularNow). */
export function lookFiles(openOne: OpenRegular = openRegular): LookFiles {
  const opened = new Map<string, Promise<OpenFile>>();
  let closed = false;
  const closeAll = async () => {
    const all = [...opened.values()];
    opened.clear();
    await Promise.all(all.map((p) => p.then((f) => f.close()).catch(() => {})));
  };
  return {
    open(file) {
      if (closed) return openOne(file);
      const key = path.resolve(file);
      let p = opened.get(key);
      if (!p) opened.set(key, (p = openOne(file)));
      // A reader's close leaves the file open for the look's other readers.
      return p.then((f) => ({ opened: f.opened, read: f.read, stat: f.stat, close: async () => {} }));
    },
    anew: () => closeAll(),
    close() {
      closed = true;
      return closeAll();
    },
  };
}
