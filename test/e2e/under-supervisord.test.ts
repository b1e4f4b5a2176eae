// Hermes under supervisord, watched by the built daemon with `service.manager: auto` (test/helpers/supervised-story.ts).
import { supervisedStory } from '../helpers/supervised-story.js';

supervisedStory('supervisord', ['stops', 'repair']);
