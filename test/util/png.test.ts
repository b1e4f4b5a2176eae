// The PNG of a module matrix: a standard CRC-32, chunks a decoder accepts, the size and the pixels of the matrix.
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, modulesToPng } from '../../src/util/png.js';

describe('modulesToPng', () => {
  it('CRC-32 is the standard one (the check value of "123456789")', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('writes signature, IHDR, IDAT, IEND with valid CRCs, the quiet zone white and dark modules black', () => {
    const dark = [
      [true, false, true],
      [false, true, false],
      [true, true, false],
    ];
    const png = modulesToPng(dark, { scale: 2, quiet: 1 });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks: { type: string; data: Buffer }[] = [];
    for (let at = 8; at < png.length; ) {
      const len = png.readUInt32BE(at);
      const type = png.subarray(at + 4, at + 8).toString('latin1');
      const data = png.subarray(at + 8, at + 8 + len);
      expect(png.readUInt32BE(at + 8 + len), type).toBe(crc32(png.subarray(at + 4, at + 8 + len)));
      chunks.push({ type, data });
      at += 12 + len;
    }
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const side = (3 + 2) * 2;
    expect(chunks[0]!.data.readUInt32BE(0)).toBe(side);
    expect(chunks[0]!.data.readUInt32BE(4)).toBe(side);
    const raw = inflateSync(chunks[1]!.data);
    const px = (x: number, y: number) => raw[y * (side + 1) + 1 + x];
    for (let y = 0; y < side; y++) {
      expect(raw[y * (side + 1)]).toBe(0);
      for (let x = 0; x < side; x++) {
        const my = Math.floor(y / 2) - 1;
        const mx = Math.floor(x / 2) - 1;
        expect(px(x, y)).toBe(dark[my]?.[mx] ? 0 : 255);
      }
    }
  });
});
