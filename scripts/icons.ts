/**
 * Draws Rotera's Teams icons and writes them as PNG, with nothing but Node (zlib):
 *   appPackage/color.png    192x192, a white padlock inside two turning arrows on Rotera green
 *   appPackage/outline.png  32x32, the same mark in white on a transparent background
 * Run: `npx tsx scripts/icons.ts` (the PNGs are committed; run again only after changing the design).
 *
 * The mark is defined as shapes in a unit square and rasterised with 8x8 supersampling, so edges are smooth
 * at 192 px and still legible at 32 px (where strokes are drawn heavier).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

/** Rotera green (also the manifest's accentColor). */
export const ACCENT: Rgb = [0x0b, 0x6e, 0x5f];
const ACCENT_DARK: Rgb = [0x07, 0x55, 0x49];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** RGBA, 8 bits per channel, no interlace; every row with filter 0. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 6;
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Geometry in a unit square, y pointing down; angles in degrees clockwise from 3 o'clock.

function inRoundedRect(x: number, y: number, cx: number, cy: number, w: number, h: number, r: number): boolean {
  const dx = Math.max(Math.abs(x - cx) - (w / 2 - r), 0);
  const dy = Math.max(Math.abs(y - cy) - (h / 2 - r), 0);
  return dx * dx + dy * dy <= r * r;
}

function angleOf(x: number, y: number): number {
  const a = (Math.atan2(y - 0.5, x - 0.5) * 180) / Math.PI;
  return a < 0 ? a + 360 : a;
}

function inTriangle(px: number, py: number, a: [number, number], b: [number, number], c: [number, number]): boolean {
  const side = (p: [number, number], q: [number, number]) => (q[0] - p[0]) * (py - p[1]) - (q[1] - p[1]) * (px - p[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

function polar(radius: number, degrees: number): [number, number] {
  const r = (degrees * Math.PI) / 180;
  return [0.5 + radius * Math.cos(r), 0.5 + radius * Math.sin(r)];
}

interface MarkStyle {
  /** Size of the whole mark relative to the square (1: arrows reach about 0.9 of the width). */
  readonly scale: number;
  readonly ring: number;
  readonly ringWidth: number;
  readonly shackleWidth: number;
  readonly keyhole: boolean;
}

/** The mark: two arrows turning clockwise around a padlock, "the password goes round". */
function inMark(px: number, py: number, style: MarkStyle): boolean {
  const x = 0.5 + (px - 0.5) / style.scale;
  const y = 0.5 + (py - 0.5) / style.scale;
  const { ring, ringWidth } = style;
  const d = Math.hypot(x - 0.5, y - 0.5);
  const angle = angleOf(x, y);
  const arcs: Array<[number, number]> = [
    [198, 322],
    [18, 142],
  ];
  for (const [from, to] of arcs) {
    if (Math.abs(d - ring) <= ringWidth / 2 && angle >= from && angle <= to) return true;
    const tip = polar(ring, to + 24);
    const outer = polar(ring + ringWidth * 1.35, to - 1);
    const inner = polar(ring - ringWidth * 1.35, to - 1);
    if (inTriangle(x, y, tip, outer, inner)) return true;
  }
  // Padlock: body, shackle (upper half ring with legs), keyhole cut out of the body.
  const bodyTop = 0.5;
  const body = inRoundedRect(x, y, 0.5, bodyTop + 0.095, 0.27, 0.19, 0.03);
  const shackleR = 0.078;
  const shackleCy = bodyTop - 0.02;
  const sd = Math.hypot(x - 0.5, y - shackleCy);
  const shackle =
    (y <= shackleCy && Math.abs(sd - shackleR) <= style.shackleWidth / 2) ||
    (y > shackleCy && y <= bodyTop + 0.01 && Math.abs(Math.abs(x - 0.5) - shackleR) <= style.shackleWidth / 2);
  if (shackle) return true;
  if (body) {
    if (!style.keyhole) return true;
    const hole = Math.hypot(x - 0.5, y - (bodyTop + 0.075)) <= 0.026 || inRoundedRect(x, y, 0.5, bodyTop + 0.115, 0.022, 0.07, 0.008);
    return !hole;
  }
  return false;
}

function coverage(px: number, py: number, size: number, style: MarkStyle, samples = 8): number {
  let hits = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const x = (px + (sx + 0.5) / samples) / size;
      const y = (py + (sy + 0.5) / samples) / size;
      if (inMark(x, y, style)) hits++;
    }
  }
  return hits / (samples * samples);
}

export function drawColorIcon(size = 192): Uint8Array {
  // Teams shows colour icons with their own rounded frame: the mark keeps to the middle 120 px of 192.
  const style: MarkStyle = { scale: 0.8, ring: 0.3, ringWidth: 0.062, shackleWidth: 0.04, keyhole: true };
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // A gentle top-to-bottom shade of the accent, full bleed (Teams rounds the corners itself).
      const t = py / (size - 1);
      const bg = ACCENT.map((c, i) => Math.round(c + ((ACCENT_DARK[i] as number) - c) * t)) as unknown as Rgb;
      const a = coverage(px, py, size, style);
      const o = (py * size + px) * 4;
      for (let i = 0; i < 3; i++) rgba[o + i] = Math.round((bg[i] as number) * (1 - a) + 255 * a);
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

export function drawOutlineIcon(size = 32): Uint8Array {
  // Heavier strokes and no keyhole: at 32 px thin details blur into grey.
  const style: MarkStyle = { scale: 0.95, ring: 0.36, ringWidth: 0.09, shackleWidth: 0.07, keyhole: false };
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const o = (py * size + px) * 4;
      const a = coverage(px, py, size, style);
      rgba[o] = 255;
      rgba[o + 1] = 255;
      rgba[o + 2] = 255;
      rgba[o + 3] = Math.round(255 * a);
      if (rgba[o + 3] === 0) rgba[o] = rgba[o + 1] = rgba[o + 2] = 0;
    }
  }
  return rgba;
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'appPackage');
  writeFileSync(join(dir, 'color.png'), encodePng(192, 192, drawColorIcon(192)));
  writeFileSync(join(dir, 'outline.png'), encodePng(32, 32, drawOutlineIcon(32)));
  console.log(`wrote ${join(dir, 'color.png')} and ${join(dir, 'outline.png')}`);
}
