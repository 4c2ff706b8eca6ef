// Draws images/icon.png (128x128): a shield with a padlock on Docker blue. Run once by hand;
// the PNG is committed. Plain zlib, no image library.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 128;
const pixels = Buffer.alloc(size * (size * 4 + 1));

const blue = [0x1d, 0x63, 0xed];
const white = [0xff, 0xff, 0xff];
const navy = [0x0b, 0x2a, 0x5b];

function inRoundedSquare(x, y, radius) {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function inShield(x, y) {
  const top = 20,
    bottom = 112,
    half = 40;
  if (y < top || y > bottom) return false;
  if (y < 76) return Math.abs(x - 64) <= half;
  // Lower part narrows to a point.
  return Math.abs(x - 64) <= half * ((bottom - y) / (bottom - 76));
}

function inPadlock(x, y) {
  const body = x >= 46 && x <= 82 && y >= 58 && y <= 86;
  const ring = (x - 64) ** 2 + (y - 58) ** 2;
  const shackle = y <= 58 && ring <= 13 ** 2 && ring >= 8 ** 2;
  return body || shackle;
}

function inKeyhole(x, y) {
  return (x - 64) ** 2 + (y - 69) ** 2 <= 16 || (Math.abs(x - 64) <= 1.5 && y >= 69 && y <= 79);
}

function colorAt(x, y) {
  if (!inRoundedSquare(x, y, 22)) return undefined;
  if (inShield(x, y)) return inPadlock(x, y) && !inKeyhole(x, y) ? navy : white;
  return blue;
}

for (let y = 0; y < size; y++) {
  const row = y * (size * 4 + 1);
  for (let x = 0; x < size; x++) {
    // 4x4 supersampling for smooth edges.
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < 4; sy++) {
      for (let sx = 0; sx < 4; sx++) {
        const color = colorAt(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
        if (!color) continue;
        r += color[0];
        g += color[1];
        b += color[2];
        a += 1;
      }
    }
    const offset = row + 1 + x * 4;
    if (a > 0) pixels.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((a / 16) * 255)], offset);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
writeFileSync(
  'images/icon.png',
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels, { level: 9 })), chunk('IEND', Buffer.alloc(0))]),
);
