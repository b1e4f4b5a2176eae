// The icon of a reply's tone, for every renderer. Its own module: a renderer that only needs the icon (markdown, for the
// notifiers) should not load render-text and what it loads.
import type { Tone } from '../types.js';

const ICON: Record<Tone, string> = { critical: '🔴', warning: '🟠', info: 'ℹ️', ok: '✅' };

export function toneIcon(tone: Tone | undefined): string {
  return tone ? ICON[tone] : '';
}
