// multipart/form-data as the fakes receive uploads (Telegram's sendPhoto, Feishu's image upload).

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** multipart/form-data (RFC 7578): text fields as strings (JSON values parsed, as Telegram does), files as Buffers. */
export function parseMultipart(raw: Buffer, boundary: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sep = Buffer.from(`--${boundary}`);
  let at = raw.indexOf(sep);
  while (at >= 0) {
    const start = at + sep.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(sep, start);
    if (next < 0) break;
    const part = raw.subarray(start + 2, next - 2); // CRLF after the boundary, CRLF before the next
    const headEnd = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, headEnd).toString('utf8');
    const data = part.subarray(headEnd + 4);
    const name = /;\s*name="([^"]*)"/i.exec(head)?.[1];
    if (name !== undefined) {
      if (/;\s*filename=/i.test(head)) out[name] = Buffer.from(data);
      else {
        const text = data.toString('utf8');
        try {
          out[name] = /^[[{]/.test(text) ? JSON.parse(text) : text;
        } catch {
          out[name] = text;
        }
      }
    }
    at = next;
  }
  return out;
}
