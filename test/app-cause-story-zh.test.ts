// Issue 61's one true story through faults played back to back, in Chinese: test/helpers/cause-story.ts (the English
// in test/app-cause-story.test.ts, beside it).
import { causeStory } from './helpers/cause-story.js';

causeStory('zh-CN');
