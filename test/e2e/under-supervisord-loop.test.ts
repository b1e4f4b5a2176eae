// Hermes under supervisord, watched by the built daemon (test/helpers/supervised-story.ts): its crash loop and its end, a file
// of its own so that it runs beside the stops and the repaired kill (test/e2e/under-supervisord.test.ts).
import { supervisedStory } from '../helpers/supervised-story.js';

supervisedStory('supervisord', ['loop']);
