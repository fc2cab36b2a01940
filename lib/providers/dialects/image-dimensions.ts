/**
 * The pixel size written in an inline image's header (a data: URL or bare base64), read without
 * decoding the image: request building is pure (no I/O, no async), yet a host that must be told a
 * size (Runware's Kontext) needs the input image's shape. PNG, JPEG, GIF and WebP; null otherwise.
 */
export function imageDimensions(image: string): { width: number; height: number } | null {
  if (/^https?:\/\//i.test(image)) return null;
  const base64 = image.startsWith("data:") ? image.slice(image.indexOf(",") + 1) : image;
  const bytes = Buffer.from(base64, "base64");
  const size = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : null);
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) return size(bytes.readUInt32BE(16), bytes.readUInt32BE(20));
  if (bytes.length >= 10 && bytes.toString("latin1", 0, 4) === "GIF8") return size(bytes.readUInt16LE(6), bytes.readUInt16LE(8));
  if (bytes.length >= 30 && bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP") return webpSize(bytes);
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
  return null;
}

function webpSize(bytes: Buffer): { width: number; height: number } | null {
  const chunk = bytes.toString("latin1", 12, 16);
  if (chunk === "VP8X") return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
  if (chunk === "VP8 ") return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  if (chunk === "VP8L") {
    const bits = bytes.readUInt32LE(21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  return null;
}

/** The first start-of-frame marker's size (SOF0–SOF15, but not DHT, JPG or DAC). */
function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: bytes.readUInt16BE(offset + 7), height: bytes.readUInt16BE(offset + 5) };
    }
    offset += 2 + length;
  }
  return null;
}
