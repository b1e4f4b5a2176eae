// Durations with Latin units (`2m 29s`, `1s`) in a text meant for a zh-CN reader, who reads 2 分钟 29 秒. Quotations,
// commands as typed and a usage's choices (`[24h|7d|30d]`) are what a reader types or a log wrote: they stay.
export function latinDurations(text: string): string[] {
  const stripped = text
    .replace(/"[^"]*"|“[^”]*”|`[^`]*`|'[^']*'|「[^」]*」/g, ' ')
    .replace(/\[[^\]|]*\|[^\]]*\]/g, ' ')
    .replace(/(?<![\w.~])\/[a-z]+(?:[ \t]+[A-Za-z0-9_.|[\]-]+)*(?=$|[\s<[（(，。：]|[^\x00-\x7f])/g, ' ');
  return [...stripped.matchAll(/(?<![\w.])\d+(?:\.\d+)?(?:ms|[smhd])(?: \d+(?:ms|[smhd]))*(?![A-Za-z0-9])/g)].map(
    (m) => m[0],
  );
}
