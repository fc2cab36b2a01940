import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { redactRequest } from "@/lib/providers/http";
import { toCurl, toFetch } from "@/lib/providers/snippets";
import type { HttpRequest } from "@/lib/providers/types";

/** The snippets, run for real: they must send what the host received, with the key from the env. */
interface Captured {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
let server: http.Server;
let origin: string;
const captured: Captured[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      captured.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const KEY = "k3y'with\"odd$chars`";
const original = (): HttpRequest => ({
  method: "POST",
  url: `${origin}/v1/flux-pro-1.1-ultra?x=1&y='2'`,
  headers: { Authorization: `Key ${KEY}`, "Content-Type": "application/json", "X-Note": `it's "quoted" $HOME` },
  body: { prompt: "a fox's \"den\" $HOME `x`", raw: true, aspect_ratio: "21:9", seed: 42 },
});

describe("copy as cURL / TypeScript", () => {
  const redacted = () => redactRequest(original(), ["authorization"], KEY);

  it("redacts only the key, keeping the scheme", () => {
    expect(redacted().headers.Authorization).toBe("Key <redacted>");
    expect(JSON.stringify(redacted())).not.toContain(KEY);
  });

  it("cURL sends exactly the original request, the key read from the environment", async () => {
    captured.length = 0;
    const script = toCurl(redacted(), "FAL_KEY");
    expect(script).not.toContain(KEY);
    await promisify(execFile)("bash", ["-c", `${script} -s -o /dev/null`], { env: { ...process.env, FAL_KEY: KEY } });
    const [got] = captured;
    expect(got.method).toBe("POST");
    expect(`${origin}${got.url}`).toBe(original().url);
    expect(got.headers.authorization).toBe(`Key ${KEY}`);
    expect(got.headers["x-note"]).toBe(`it's "quoted" $HOME`);
    expect(JSON.parse(got.body)).toEqual(original().body);
  });

  it("the TypeScript snippet sends exactly the original request", async () => {
    captured.length = 0;
    const code = toFetch(redacted(), "FAL_KEY");
    expect(code).toContain("process.env.FAL_KEY");
    const saved = process.env.FAL_KEY;
    process.env.FAL_KEY = KEY;
    const log = console.log;
    console.log = () => {};
    try {
      // The snippet is plain TypeScript-compatible JavaScript with top-level await.
      await new Function(`return (async () => {\n${code}\n})();`)();
    } finally {
      console.log = log;
      if (saved === undefined) delete process.env.FAL_KEY;
      else process.env.FAL_KEY = saved;
    }
    const [got] = captured;
    expect(got.headers.authorization).toBe(`Key ${KEY}`);
    expect(got.headers["x-note"]).toBe(`it's "quoted" $HOME`);
    expect(JSON.parse(got.body)).toEqual(original().body);
  });
});

describe("copy as cURL / TypeScript: a multipart edit (Lumenfall's images/edits)", () => {
  const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
  const edit = (): HttpRequest => ({
    method: "POST",
    url: `${origin}/openai/v1/images/edits`,
    headers: { Authorization: `Bearer ${KEY}`, accept: "application/json" },
    body: { model: "flux.1-kontext-pro", prompt: "make it 'night' $HOME", n: 2, image: `data:image/png;base64,${PNG.toString("base64")}`, prompt_upsampling: false },
    multipart: { files: ["image"] },
  });

  it("cURL sends the fields as form fields and the image from a local file as its file part", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "snippet-multipart-"));
    try {
      await writeFile(path.join(dir, "image.png"), PNG);
      captured.length = 0;
      const script = toCurl(redactRequest(edit(), ["authorization"], KEY), "LUMENFALL_API_KEY");
      expect(script).not.toContain(KEY);
      await promisify(execFile)("bash", ["-c", `${script} -s -o /dev/null`], { cwd: dir, env: { ...process.env, LUMENFALL_API_KEY: KEY } });
      const [got] = captured;
      expect(got.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
      expect(got.headers.authorization).toBe(`Bearer ${KEY}`);
      const form = await new Response(got.body, { headers: { "content-type": got.headers["content-type"]! } }).formData();
      expect(form.get("prompt")).toBe("make it 'night' $HOME");
      expect(form.get("n")).toBe("2");
      expect(form.get("prompt_upsampling")).toBe("false");
      expect(form.get("image")).toBeInstanceOf(Blob);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("the TypeScript snippet builds the same form with FormData, the image read from a file", () => {
    const code = toFetch(redactRequest(edit(), ["authorization"], KEY), "LUMENFALL_API_KEY");
    expect(code).not.toContain(KEY);
    expect(code).toContain('form.append("image", await openAsBlob("image.png"), "image.png");');
    expect(code).toContain('form.append("n", "2");');
    expect(code).toContain("body: form,");
    expect(code).not.toContain("Content-Type");
  });

  it("a list of images (FLUX.2's references) goes as image[] parts, each from its own local file, in order", async () => {
    const list = (): HttpRequest => ({ ...edit(), body: { model: "flux.2-pro", prompt: "p", image: [`data:image/png;base64,${PNG.toString("base64")}`, `data:image/png;base64,${PNG.toString("base64")}`] } });
    const code = toFetch(redactRequest(list(), ["authorization"], KEY), "LUMENFALL_API_KEY");
    expect(code).toContain('form.append("image[]", await openAsBlob("image-1.png"), "image-1.png");\nform.append("image[]", await openAsBlob("image-2.png"), "image-2.png");');
    const dir = await mkdtemp(path.join(os.tmpdir(), "snippet-multipart-"));
    try {
      await writeFile(path.join(dir, "image-1.png"), PNG);
      await writeFile(path.join(dir, "image-2.png"), PNG);
      captured.length = 0;
      const script = toCurl(redactRequest(list(), ["authorization"], KEY), "LUMENFALL_API_KEY");
      await promisify(execFile)("bash", ["-c", `${script} -s -o /dev/null`], { cwd: dir, env: { ...process.env, LUMENFALL_API_KEY: KEY } });
      const [got] = captured;
      const form = await new Response(got.body, { headers: { "content-type": got.headers["content-type"]! } }).formData();
      expect(form.getAll("image[]")).toHaveLength(2);
      expect(form.get("image")).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
