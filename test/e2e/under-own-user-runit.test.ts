// Hermes run as its own user with no HOME under runit (`chpst -u`: hermes-supervisors.md), watched by the built daemon
// run as root with its own HOME (test/helpers/supervised-story.ts): its stops and a kill its supervisor repairs, each
// said as they are under the same supervisor with the home named.
import { supervisedStory } from '../helpers/supervised-story.js';

supervisedStory('runit', ['stops', 'repair'], { ownUser: true });
