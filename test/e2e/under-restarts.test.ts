// Three restarts through the supervisor within two minutes, watched by the built daemon: the operator's, never a crash
// loop. s6 tallies each as a death and Hermes exits 1 on that SIGTERM (main: "crash-looping" under s6); runit's count
// is gatewatch's own; pm2 and supervisord log the stops they were asked for.
import { supervisedStory } from '../helpers/supervised-story.js';

for (const kind of ['s6', 'runit', 'supervisord', 'pm2'] as const) supervisedStory(kind, ['restarts']);
