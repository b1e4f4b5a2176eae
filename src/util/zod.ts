// zod for every schema gatewatch makes: its mini build, whose checks and wrappers are functions (`z.optional(s)`,
// `s.check(z.minLength(1))`) where the classic build's are methods installed on every kind of schema. A cold check
// builds the config's schemas as it loads, and the classic build's methods were most of what that cost. The messages
// stay zod's English, which the classic build set as its first schema was made and the mini build leaves to its user:
// src/config/schema-text.ts tells zod's own words from a schema's by them.
import en from 'zod/v4/locales/en.js';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';
