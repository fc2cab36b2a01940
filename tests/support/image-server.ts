import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import sharp from "sharp";

/**
 * A website on loopback serving what a user (or a host) may point the server at: real images,
 * redirects (to itself, to private addresses, in long chains), an endless body, an image whose
 * header claims 16000 x 16000 pixels, things that are not images. It counts what it was asked.
 */
export interface ImageServer {
  origin: string;
  port: number;
  /** Requests per path so far. */
  hits: (path: string) => number;
  /** Bytes written on /endless before the client went away (the download cap's proof). */
  endlessBytesSent: () => number;
  /** The bytes /fox.png serves. */
  fox: Buffer;
  close: () => Promise<void>;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A valid solid black PNG of any size, small because it compresses well (1 bit per pixel, all
 * zero): 16000 x 16000 is 256 MP in a few tens of kB, the shape of a decompression bomb.
 */
export function solidPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height); // filter byte 0 + zero pixels, per row
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk("IHDR", ihdr), pngChunk("IDAT", zlib.deflateSync(rows, { level: 9 })), pngChunk("IEND", Buffer.alloc(0))]);
}

const ENDLESS_CHUNK = Buffer.alloc(1024 * 1024, 0x41);
/** What /endless would send if nobody stopped reading: far beyond any cap. */
const ENDLESS_LIMIT = 600 * 1024 * 1024;

export async function startImageServer(port = 0): Promise<ImageServer> {
  const fox = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 90, b: 30 } } }).png().toBuffer();
  const huge = solidPng(16000, 16000);
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
  const hits = new Map<string, number>();
  let endlessBytesSent = 0;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const redirect = (location: string) => res.writeHead(302, { location }).end();
    const send = (type: string, body: Buffer) => res.writeHead(200, { "content-type": type, "content-length": body.length }).end(body);
    const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
    if (chain) return Number(chain[1]) > 0 ? redirect(`/chain/${Number(chain[1]) - 1}`) : send("image/png", fox);
    switch (url.pathname) {
      case "/fox.png":
        return send("image/png", fox);
      case "/to-fox":
        return redirect("/fox.png");
      case "/to-private":
        return redirect("http://10.0.0.5/fox.png");
      case "/to-metadata":
        return redirect("http://169.254.169.254/latest/meta-data/");
      case "/to":
        // A redirect to wherever the test says (another loopback port, a name...).
        return redirect(url.searchParams.get("url") ?? "/");
      case "/huge.png":
        return send("image/png", huge);
      case "/page.html":
        return send("text/html", Buffer.from("<html><body>not an image</body></html>"));
      case "/image.svg":
        return send("image/svg+xml", svg);
      case "/png-named.svg":
        // Claims PNG, is SVG: the first bytes decide.
        return send("image/png", svg);
      case "/hang":
        return; // never answers
      case "/endless": {
        // No Content-Length: the size shows only while reading. Written with backpressure, so
        // what was sent is what the client read (plus socket buffers).
        res.writeHead(200, { "content-type": "image/png" });
        const pump = () => {
          while (endlessBytesSent < ENDLESS_LIMIT && !res.destroyed) {
            endlessBytesSent += ENDLESS_CHUNK.length;
            if (!res.write(ENDLESS_CHUNK)) return void res.once("drain", pump);
          }
          if (!res.destroyed) res.end();
        };
        return pump();
      }
      default:
        res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: chosen } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${chosen}`,
    port: chosen,
    hits: (path) => hits.get(path) ?? 0,
    endlessBytesSent: () => endlessBytesSent,
    fox,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
