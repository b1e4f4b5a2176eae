// zod 4 compiles an object schema's parser with new Function on its first parse (its fast path for the daemon, which
// parses its state files again and again), unless `jitless` was set when the schema was made: every schema is made as
// its module loads. Check's own bundle imports this before anything else, so a check parses its config and state
// once without compiling them (~8 ms of a cron-run check; issue 21). The full CLI and the daemon keep the fast path.
import * as z from './util/zod.js';

z.config({ jitless: true });
