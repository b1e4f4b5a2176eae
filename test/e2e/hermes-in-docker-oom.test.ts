// The OOM killer inside a container's memory limit, on the rig in namespaces of its own (no Docker engine), beside
// test/e2e/hermes-in-docker.test.ts: the story is test/helpers/docker-story.ts (dockerOomStory).
import { dockerOomStory } from '../helpers/docker-story.js';

await dockerOomStory('namespace');
