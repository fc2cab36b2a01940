import { describe, expect, it, vi } from "vitest";
import { lineFilter, shortenInlineImages } from "../../scripts/terminal-lines.mjs";

const png = (bytes: number) => Buffer.alloc(bytes, 7).toString("base64");

describe("the server's terminal lines", () => {
  it("shortens a data URL to its type and size, leaving the rest of the line as it was", () => {
    const line = `  └─ ƒ createGenerationAction({"params":{"image_prompt":"data:image/png;base64,${png(123_000)}","seed":4}}) in 12ms`;
    expect(shortenInlineImages(line)).toBe(`  └─ ƒ createGenerationAction({"params":{"image_prompt":"data:image/png;base64,… (123 kB)","seed":4}}) in 12ms`);
  });

  it("shortens a bare base64 image too, and leaves short tokens, paths and ids alone", () => {
    expect(shortenInlineImages(`image_prompt: ${png(60_000)} end`)).toBe("image_prompt: … (60 kB of base64) end");
    const ordinary = "GET /api/v1/generations/n_y_1O4r8Fyeuip8/events 200 in 5ms at /work/app/node_modules/next/dist/server/base-server.js";
    expect(shortenInlineImages(ordinary)).toBe(ordinary);
  });

  it("passes a stream through whole lines, joining a payload split across chunks", () => {
    const written: string[] = [];
    const filter = lineFilter((text) => written.push(text));
    const payload = png(30_000);
    filter.push("first line\nsecond: data:image/jpeg;base64,");
    filter.push(payload.slice(0, 1000));
    filter.push(`${payload.slice(1000)} done\nthird`);
    filter.end();
    expect(written.join("")).toBe("first line\nsecond: data:image/jpeg;base64,… (30 kB) done\nthird");
  });

  it("lets a line without its end out after a moment (a prompt, a progress mark)", () => {
    vi.useFakeTimers();
    try {
      const written: string[] = [];
      lineFilter((text) => written.push(text)).push("○ Compiling / ...");
      expect(written).toEqual([]);
      vi.advanceTimersByTime(100);
      expect(written).toEqual(["○ Compiling / ..."]);
    } finally {
      vi.useRealTimers();
    }
  });
});
