// How wide text is on a terminal or in a monospaced code block: East Asian wide and fullwidth characters (Chinese,
// Japanese, Korean, fullwidth forms) take two columns, combining marks none. padEnd counts UTF-16 units, so columns
// padded with it misalign as soon as a name is Chinese or longer than the pad.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
// biome-ignore lint/suspicious/noMisleadingCharacterClass: combining marks and variation selectors, each tested alone (one code point at a time).
const ZERO = /[\u0300-\u036f\u200b-\u200f\ufe00-\ufe0f]/u;

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return w;
}

/** `text` padded with spaces to `width` columns (as it is when already as wide). */
export function padDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * The widest a column of labels grows (a reply's fields, a strip's names). A wider label ("Telegram in profile coder")
 * takes a line of its own, its value (or bar) under the others': it does not push them off a phone's screen, which
 * shows about 44 columns of monospaced text (a strip's 24 cells and its frame take 27 of them).
 */
export const LABEL_COLUMNS = 15;

/** The width of a column of `labels`: the widest of them that fits in LABEL_COLUMNS, at least `min`. */
export function labelColumn(labels: readonly string[], min = 0): number {
  return Math.max(min, ...labels.map(displayWidth).filter((w) => w <= LABEL_COLUMNS));
}

/** `label` padded to `width` with `rest` beside it; a wider label on a line of its own, `rest` under the column. */
export function besideLabel(label: string, width: number, rest: string): string[] {
  return displayWidth(label) > width ? [label, ' '.repeat(width) + rest] : [padDisplay(label, width) + rest];
}
