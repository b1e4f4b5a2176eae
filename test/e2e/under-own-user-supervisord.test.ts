// Hermes run as its own user with no HOME under supervisord (`user=`: hermes-supervisors.md), watched by the built
// daemon run as root with its own HOME (test/helpers/supervised-story.ts): its stops said with the home named.
import { supervisedStory } from '../helpers/supervised-story.js';

supervisedStory('supervisord', ['stops'], { ownUser: true });
