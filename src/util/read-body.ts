// Reading an HTTP answer from a service gatewatch does not control: a small JSON is expected, and anything past the cap
// (an error page of 300 MB) is cancelled, not downloaded.

/** At most `max` bytes of the body; a body cut off mid-way is what arrived. */
export async function readBodyCapped(res: Response, max: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let got = 0;
  try {
    while (got < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      got += value.length;
    }
  } catch {
    // A body cut off mid-way: what arrived is the answer.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, max);
}
