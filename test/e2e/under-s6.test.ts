// Hermes under s6 on a host (s6-svscan on a scan folder), watched by the built daemon with `service.manager: auto`
// (test/helpers/supervised-story.ts).
import { supervisedStory } from '../helpers/supervised-story.js';

supervisedStory('s6', ['stops', 'repair']);
