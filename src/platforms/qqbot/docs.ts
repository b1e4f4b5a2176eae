// QQ's rows in the finding tables of docs/findings.md and docs/zh-CN/findings.md: none yet of its own (its checks'
// rows are in the hand-written table, as its words are in the catalogue). Docs only: nothing at run time loads it.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {};
