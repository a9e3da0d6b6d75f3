/**
 * Draws the add-in icons (assets/icon-16/32/64/80/128.png): a four-band customer pyramid in the
 * Appendix B palette on a transparent background. Only Node's zlib is used, and the pixels depend on
 * nothing but the size, so re-running the script reproduces the committed PNGs.
 *
 * Run: npm run icons
 */
import { writeFileSync } from "fs";
import { join } from "path";
import { deflateSync } from "zlib";

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

/** Bands top to bottom: PYRAMID T1 purple, T2 gold, NEW blue, LOYAL green (Appendix B). */
const BANDS: [number, number, number][] = [
  [0x6a, 0x1b, 0x9a],
  [0xf9, 0xa8, 0x25],
  [0x02, 0x88, 0xd1],
  [0x2e, 0x7d, 0x32],
];

/** Samples per pixel edge: 4×4 supersampling gives smooth edges at 16 px. */
const SS = 4;

/** Band index (0..3) covering the point (x, y) in the unit square, or -1 for background. */
function bandAt(x: number, y: number): number {
  const margin = 0.06;
  const top = margin;
  const bottom = 1 - margin;
  if (y < top || y > bottom) return -1;
  const t = (y - top) / (bottom - top);
  const halfWidth = (0.5 - margin) * t;
  if (Math.abs(x - 0.5) > halfWidth) return -1;
  const gap = 0.035;
  const band = Math.min(3, Math.floor(t * 4));
  const within = t * 4 - band;
  // A thin transparent gap between bands (none above the apex band's top).
  if (band > 0 && within < gap * 4) return -1;
  return band;
}

/** RGBA pixels, row-major, non-premultiplied. */
export function drawIcon(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const band = bandAt((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size);
          if (band < 0) continue;
          const [cr, cg, cb] = BANDS[band];
          r += cr;
          g += cg;
          b += cb;
          covered++;
        }
      }
      const o = (py * size + px) * 4;
      if (covered === 0) continue;
      pixels[o] = Math.round(r / covered);
      pixels[o + 1] = Math.round(g / covered);
      pixels[o + 2] = Math.round(b / covered);
      pixels[o + 3] = Math.round((255 * covered) / (SS * SS));
    }
  }
  return pixels;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A truecolour-with-alpha, 8-bit PNG (filter type 0 on every row). */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function main(): void {
  // npm runs scripts from the package root.
  for (const size of ICON_SIZES) {
    const file = join(process.cwd(), "assets", `icon-${size}.png`);
    writeFileSync(file, encodePng(size, drawIcon(size)));
    console.log(`wrote ${file}`);
  }
}

if (require.main === module) main();
