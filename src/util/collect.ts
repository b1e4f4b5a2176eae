// A full garbage collection on request. After a reply with a picture the daemon holds that reply's garbage (the
// figures' arrays, the picture's bytes and their copies for the upload, outside V8's heap) until V8 next collects its
// old generation, which a daemon that otherwise allocates little brings about late: RSS grew up to 9 MB over 20
// /uptime pictures under the service's flags and 30 MB over 41 on node's defaults, all of it nothing kept (issue 51
// item 12). Collected once the reply is sent, each picture's memory is free before the next; this heap takes a few ms.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    // node's own way to reach V8's collector: the flag gives each context made after it a gc().
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
