// Hermes in its Docker image, watched from the host, on a real Docker engine (a private dockerd: npm run test:docker):
// the story is test/helpers/docker-story.ts, which test/e2e/hermes-in-docker.test.ts (and -oom) play without an engine.
import { dockerOomStory, dockerStory } from '../helpers/docker-story.js';

await dockerStory('docker');
await dockerOomStory('docker');
