// Hermes in its Docker image, watched from the host, on the rig in namespaces of its own (no Docker engine): the story
// is test/helpers/docker-story.ts, which test/docker/hermes-in-docker.test.ts plays on a real Docker engine. The OOM
// killer's, on a container of its own, is test/e2e/hermes-in-docker-oom.test.ts.
import { dockerStory } from '../helpers/docker-story.js';

await dockerStory('namespace');
