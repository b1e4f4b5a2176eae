// Hermes in its Docker image, watched from the host, on the rig in namespaces of its own (no Docker engine): the story
// is test/helpers/docker-story.ts, which test/docker/hermes-in-docker.test.ts plays on a real Docker engine. Its first
// part here (a slot parked, started, stopped, left down), its second in test/e2e/hermes-in-docker-loops.test.ts and
// the OOM killer's in test/e2e/hermes-in-docker-oom.test.ts, each on a container of its own, beside this.
import { dockerStory } from '../helpers/docker-story.js';

await dockerStory('namespace', 'parked');
