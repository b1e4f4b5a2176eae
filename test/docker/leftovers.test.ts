// What the real Hermes v0.20.2 in Docker under s6 still got wrong, on a real Docker engine (a private dockerd: npm run
// test:docker): the story is test/helpers/docker-leftovers.ts, which test/e2e/hermes-in-docker-leftovers*.test.ts play
// without an engine.
import { dockerLeftoversStory } from '../helpers/docker-leftovers.js';

await dockerLeftoversStory('docker', 'looks');
await dockerLeftoversStory('docker', 'daemon');
