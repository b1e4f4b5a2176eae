// Hermes under pm2, watched by the built daemon (test/helpers/supervised-story.ts): its crash loop and its end, a file
// of its own so that it runs beside the stops and the repaired kill (test/e2e/under-pm2.test.ts).
import { supervisedStory } from '../helpers/supervised-story.js';

supervisedStory('pm2', ['loop']);
