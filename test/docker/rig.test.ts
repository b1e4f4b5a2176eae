// The Hermes container rig itself in a private dockerd with the real docker CLI (npm run test:docker): the story is
// test/helpers/rig-story.ts, which test/rig/hermes-container.test.ts plays without an engine.
import { rigStory } from '../helpers/rig-story.js';

await rigStory('docker');
