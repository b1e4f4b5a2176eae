// The Hermes container rig itself, in namespaces of its own with the stand-in docker: test/helpers/rig-story.ts, which
// test/docker/rig.test.ts plays in a real Docker engine.
import { rigStory } from '../helpers/rig-story.js';

await rigStory('namespace');
