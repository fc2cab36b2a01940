import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  dataDir,
  deleteStoredImage,
  imageSize,
  imagePath,
  readStoredFile,
  storeImage,
  thumbnailsIdle,
  thumbPath,
} from "@/lib/storage/image-store";
import { solidPng } from "../support/image-server";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "image-store-"));
});

afterEach(async () => {
  await thumbnailsIdle(); // thumbnails are written in the background
  await rm(dir, { recursive: true, force: true });
});

function solid(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } });
}

const sha = (buffer: Buffer) => createHash("sha256").update(buffer).digest("hex");

describe("storeImage", () => {
  it("stores a PNG under images/<sha[0..2]>/<sha>.png and returns its metadata", async () => {
    const png = await solid(1200, 800).png().toBuffer();
    const stored = await storeImage(png, { dir });

    expect(stored).toEqual({
      sha256: sha(png),
      contentType: "image/png",
      bytes: png.length,
      width: 1200,
      height: 800,
      ext: "png",
    });
    const file = path.join(dir, "images", stored.sha256.slice(0, 2), `${stored.sha256}.png`);
    expect(imagePath(stored.sha256, "png", { dir })).toBe(file);
    expect((await stat(file)).size).toBe(png.length);
  });

  it("detects a JPEG from its bytes", async () => {
    const jpeg = await solid(300, 200).jpeg().toBuffer();
    const stored = await storeImage(jpeg, { dir });

    expect(stored.ext).toBe("jpeg");
    expect(stored.contentType).toBe("image/jpeg");
    expect((await stat(imagePath(stored.sha256, "jpeg", { dir }))).size).toBe(jpeg.length);
  });

  it("writes the same bytes once", async () => {
    const png = await solid(64, 64).png().toBuffer();
    const first = await storeImage(png, { dir });
    const second = await storeImage(png, { dir });
    await readStoredFile(first.sha256, "thumb", undefined, { dir }); // the thumbnail is made in the background

    expect(second.sha256).toBe(first.sha256);
    const files = await readdir(path.join(dir, "images", first.sha256.slice(0, 2)));
    expect(files.sort()).toEqual([`${first.sha256}.png`, `${first.sha256}.thumb.webp`]);
  });

  it("makes a WebP thumbnail at most 512 px on the longer side", async () => {
    const png = await solid(2000, 900).png().toBuffer();
    const stored = await storeImage(png, { dir });

    const meta = await sharp((await readStoredFile(stored.sha256, "thumb", undefined, { dir }))!.buffer).metadata();
    expect(meta.format).toBe("webp");
    expect(Math.max(meta.width, meta.height)).toBe(512);
    expect(meta.height).toBe(230);
  });

  it("makes a missing thumbnail again from the original on demand", async () => {
    const stored = await storeImage(await solid(800, 600).jpeg().toBuffer(), { dir });
    await readStoredFile(stored.sha256, "thumb", undefined, { dir });
    await rm(thumbPath(stored.sha256, { dir }));
    const again = await readStoredFile(stored.sha256, "thumb", undefined, { dir });
    expect(again?.contentType).toBe("image/webp");
    expect((await sharp(again!.buffer).metadata()).width).toBe(512);
    expect(existsSync(thumbPath(stored.sha256, { dir }))).toBe(true);
  });

  it("does not enlarge small images for the thumbnail", async () => {
    const stored = await storeImage(await solid(100, 50).png().toBuffer(), { dir });
    const meta = await sharp((await readStoredFile(stored.sha256, "thumb", undefined, { dir }))!.buffer).metadata();
    expect([meta.width, meta.height]).toEqual([100, 50]);
  });

  it("rejects bytes that are not a JPEG, PNG or WebP image", async () => {
    const message = "The file is not a PNG, JPEG or WebP image";
    await expect(storeImage(Buffer.from("<html>Bad gateway</html>"), { dir })).rejects.toThrow(message);
    const gif = await solid(10, 10).gif().toBuffer();
    await expect(storeImage(gif, { dir })).rejects.toThrow(message);
    // SVG never reaches the decoder, whatever it is called.
    await expect(storeImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'), { dir })).rejects.toThrow(message);
    // A PNG's first bytes in front of a JPEG: the header and the decoder must agree.
    const jpeg = await solid(8, 8).jpeg().toBuffer();
    await expect(storeImage(Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), jpeg]), { dir })).rejects.toThrow(message);
    await expect(readdir(dir)).resolves.toEqual([]);
  });

  it("refuses more than 40 MP from the header, before decoding, and stores nothing", async () => {
    const bomb = solidPng(16000, 16000); // 256 MP in ~31 kB
    await expect(storeImage(bomb, { dir })).rejects.toThrow("The image is 16000 x 16000 pixels (256 MP); the limit is 40 MP");
    await expect(storeImage(solidPng(8000, 5001), { dir })).rejects.toThrow("the limit is 40 MP");
    await expect(readdir(dir)).resolves.toEqual([]);
    // 40 MP exactly is allowed.
    expect((await storeImage(solidPng(8000, 5000), { dir })).width).toBe(8000);
  });
});

describe("paths", () => {
  const valid = "a".repeat(64);

  it("rejects anything but a 64-char lowercase hex id", () => {
    for (const bad of ["../etc", "../etc/passwd", `${"a".repeat(63)}/`, "A".repeat(64), `${valid}0`, ""]) {
      expect(() => imagePath(bad, "png", { dir })).toThrow(/Invalid image id/);
      expect(() => thumbPath(bad, { dir })).toThrow(/Invalid image id/);
    }
  });

  it("rejects unknown extensions", () => {
    for (const bad of ["gif", "png/../../x", "", "PNG"]) {
      expect(() => imagePath(valid, bad, { dir })).toThrow(/Invalid image extension/);
    }
  });

  it("defaults to DATA_DIR, else .data in the working directory", () => {
    const previous = process.env.DATA_DIR;
    try {
      delete process.env.DATA_DIR;
      expect(dataDir()).toBe(path.resolve(".data"));
      process.env.DATA_DIR = dir;
      expect(imagePath(valid, "webp")).toBe(path.join(dir, "images", "aa", `${valid}.webp`));
    } finally {
      if (previous === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = previous;
    }
  });
});

describe("readStoredFile / deleteStoredImage", () => {
  it("reads the original and the thumbnail, and null once deleted", async () => {
    const jpeg = await solid(640, 480).jpeg().toBuffer();
    const { sha256 } = await storeImage(jpeg, { dir });

    const original = await readStoredFile(sha256, "original", "jpeg", { dir });
    expect(original?.contentType).toBe("image/jpeg");
    expect(original?.buffer.equals(jpeg)).toBe(true);
    expect((await readStoredFile(sha256, "original", undefined, { dir }))?.buffer.equals(jpeg)).toBe(true);
    expect((await readStoredFile(sha256, "thumb", undefined, { dir }))?.contentType).toBe("image/webp");
    expect(await readStoredFile(sha256, "original", "png", { dir })).toBeNull();

    await deleteStoredImage(sha256, "jpeg", { dir });
    expect(await readStoredFile(sha256, "original", "jpeg", { dir })).toBeNull();
    expect(await readStoredFile(sha256, "thumb", undefined, { dir })).toBeNull();
    await expect(deleteStoredImage(sha256, "jpeg", { dir })).resolves.toBeUndefined();
  });

  it("refuses a traversal id instead of reading it", async () => {
    await expect(readStoredFile("../../etc/passwd", "original", "png", { dir })).rejects.toThrow(/Invalid image id/);
  });
});

describe("imageSize", () => {
  it("reads an image's size from its header (what a per-megapixel price counts for an input)", async () => {
    expect(await imageSize(await solid(1500, 1000).jpeg().toBuffer())).toEqual({ width: 1500, height: 1000 });
    expect(await imageSize(await solid(64, 48).webp().toBuffer())).toEqual({ width: 64, height: 48 });
  });

  it("refuses what is not an image", async () => {
    await expect(imageSize(Buffer.from("not an image"))).rejects.toThrow("not a PNG, JPEG or WebP image");
  });
});
