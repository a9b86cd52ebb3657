/** Reads a PNG (8-bit RGB or RGBA, non-interlaced) into RGBA pixels: the app-package check and its tests use it. */
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes per pixel, row by row. */
  readonly pixels: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(file: Buffer): DecodedPng {
  if (!file.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = 0;
  let interlace = 0;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('ascii', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8] ?? 0;
      colorType = data[9] ?? 0;
      interlace = data[12] ?? 0;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  if (bitDepth !== 8 || (colorType !== 6 && colorType !== 2) || interlace !== 0) {
    throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}`);
  }
  const channels = colorType === 6 ? 4 : 3;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (out[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (out[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= channels ? (out[(y - 1) * stride + x - channels] ?? 0) : 0;
      const predicted = filter === 0 ? 0 : filter === 1 ? left : filter === 2 ? up : filter === 3 ? Math.floor((left + up) / 2) : paeth(left, up, upLeft);
      out[y * stride + x] = (value + predicted) & 0xff;
    }
  }
  if (channels === 4) return { width, height, pixels: out };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.set(out.subarray(i * 3, i * 3 + 3), i * 4);
    rgba[i * 4 + 3] = 255;
  }
  return { width, height, pixels: rgba };
}

/** What Teams asks of the two icons; empty when both are fine. */
export function iconProblems(color: Buffer, outline: Buffer): string[] {
  const problems: string[] = [];
  let colorPng: DecodedPng | undefined;
  let outlinePng: DecodedPng | undefined;
  try {
    colorPng = decodePng(color);
  } catch (error) {
    problems.push(`color.png: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
  try {
    outlinePng = decodePng(outline);
  } catch (error) {
    problems.push(`outline.png: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
  if (colorPng && (colorPng.width !== 192 || colorPng.height !== 192)) problems.push(`color.png: must be 192x192, is ${colorPng.width}x${colorPng.height}`);
  if (outlinePng) {
    if (outlinePng.width !== 32 || outlinePng.height !== 32) problems.push(`outline.png: must be 32x32, is ${outlinePng.width}x${outlinePng.height}`);
    let transparent = 0;
    let coloured = 0;
    for (let i = 0; i < outlinePng.pixels.length; i += 4) {
      const [r, g, b, a] = [outlinePng.pixels[i], outlinePng.pixels[i + 1], outlinePng.pixels[i + 2], outlinePng.pixels[i + 3]];
      if (a === 0) transparent++;
      else if (r !== 255 || g !== 255 || b !== 255) coloured++;
    }
    if (coloured > 0) problems.push(`outline.png: must be white on transparent; ${coloured} pixels have another colour`);
    if (transparent === 0) problems.push('outline.png: needs a transparent background');
  }
  return problems;
}
