// Issue 61's one true story through faults played back to back, in English: test/helpers/cause-story.ts (the Chinese
// in test/app-cause-story-zh.test.ts, beside it).
import { causeStory } from './helpers/cause-story.js';

causeStory('en');
