// Three restarts through pm2 within two minutes, watched by the built daemon: the operator's, never a crash loop
// (test/helpers/supervised-story.ts, 'restarts'). s6 tallies each as a death and Hermes exits 1 on that SIGTERM;
// runit's count is gatewatch's own; pm2 and supervisord log the stops they were asked for. One supervisor a file, so
// that test:supervisors plays the four side by side.
import { supervisedStory } from '../helpers/supervised-story.js';

supervisedStory('pm2', ['restarts']);
