import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { currentUserId } from "@/lib/auth/current-user";
import { getInspector } from "@/lib/jobs/inspector";
import { runGeneration } from "@/lib/jobs/runner";
import { createGeneration, getGenerationDto } from "@/lib/jobs/service";
import { getAdapter, listProviders } from "@/lib/providers/registry";
import type { ModelId } from "@/lib/models";
import type { ProviderId } from "@/lib/providers/types";
import { useAppEnv } from "./helpers/app-env";
import { startSandboxServer, type SandboxServer } from "./helpers/sandbox-server";
import { createTestData, type TestData } from "./helpers/test-database";

/**
 * Every host through the whole job engine, in sandbox mode: the same canonical request becomes
 * each host's wire format, runs to the end, and lands with images of the host's size and a cost.
 */
const PROVIDERS = listProviders();
const CASES = PROVIDERS.flatMap((p) => p.models.map((model) => [p.id as ProviderId, model] as const));

let server: SandboxServer;
let data: TestData;
let env: { restore: () => Promise<void> };
let userId: string;
/** A 4:3 input for Kontext: with no ratio asked, the edit is made about 1 MP in its shape (1184×880). */
let editInput: string;

beforeAll(async () => {
  server = await startSandboxServer();
  data = await createTestData("pglite");
  env = await useAppEnv(data, { APP_URL: server.origin, SANDBOX_LATENCY_MS: "200", JOB_POLL_INTERVAL_MS: "50", JOB_DEADLINE_MS: "30000" });
  userId = await currentUserId();
  editInput = `data:image/png;base64,${(await sharp({ create: { width: 1024, height: 768, channels: 3, background: "#7d3c98" } }).png().toBuffer()).toString("base64")}`;
}, 180_000);
afterAll(async () => {
  await env.restore();
  await server.close();
  await data.dispose();
});

// Ultra sizes by aspect ratio, Kontext by its input image's shape; every other model by width and height.
const paramsFor = (model: ModelId) =>
  model === "flux-pro-1.1-ultra"
    ? { prompt: "a lighthouse at dusk", aspect_ratio: "16:9", raw: true, seed: 31, num_images: 2 }
    : model === "flux-kontext-pro"
      ? { prompt: "the lighthouse at dusk", input_image: editInput, seed: 31, num_images: 2, output_format: "png" }
      : { prompt: "a lighthouse at dusk", width: 1024, height: 768, seed: 31, num_images: 2, output_format: "png" };
const sizeAsked = (model: ModelId) => (model === "flux-kontext-pro" ? [1184, 880] : [1024, 768]);

async function run(provider: ProviderId, model: ModelId, extra: Record<string, unknown> = {}) {
  const created = await createGeneration({ model, provider, params: paramsFor(model), ...extra }, userId);
  if (!created.ok) throw new Error(created.message);
  await runGeneration(created.id);
  return (await getGenerationDto(created.id, userId))!;
}

describe("every host through the job engine", () => {
  // Each row's price and capability table: conformance.test.ts.
  it("lists all seven hosts besides BFL, each in sandbox mode", () => {
    expect(PROVIDERS.map((p) => p.id).sort()).toEqual(["apiframe", "bfl", "fal", "lumenfall", "replicate", "runflow", "runware", "together"]);
    for (const p of PROVIDERS) expect(p.mode, p.id).toBe("sandbox");
  });

  it.each(CASES)("%s × %s: two images of the host's size, stored, with cost and an inspector record", async (provider, model) => {
    const dto = await run(provider, model);
    expect(dto.status, JSON.stringify(dto.error)).toBe("succeeded");
    expect(dto.images).toHaveLength(2);
    // The size asked for, unless the run was told the host makes another (its warning names it).
    const named = /becomes (\d+)[x×](\d+)/.exec(dto.warnings.find((w) => w.startsWith("width:")) ?? "");
    for (const image of dto.images) {
      const ultra = model === "flux-pro-1.1-ultra";
      if (!ultra) expect([image.width, image.height]).toEqual(named ? [Number(named[1]), Number(named[2])] : sizeAsked(model));
      expect(image.width * image.height).toBeGreaterThan(ultra ? 3_500_000 : 500_000);
    }
    expect(dto.cost.billedSource).toBe("sandbox");
    expect(dto.cost.billedUsd).toBe(0);
    expect(dto.cost.estimatedUsd).toBeGreaterThan(0);
    const inspector = (await getInspector(dto.id, userId))!;
    expect(inspector.tasks.length).toBeGreaterThanOrEqual(1);
    const [task] = inspector.tasks;
    expect(task.exchanges.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(inspector)).not.toContain("sandbox-key");
    expect(task.curl).toContain(`$\{${getAdapter(provider).env.apiKey[0]}}`);
  });

  it.each(PROVIDERS.map((p) => p.id as ProviderId))("%s: a key rejected by the host ends the run as auth, with the host's words", async (provider) => {
    const model = getAdapter(provider).models[0];
    const dto = await run(provider, model, { sandbox: { fault: "auth" } });
    expect(dto.status).toBe("failed");
    expect(dto.error?.code).toBe("auth");
    expect(dto.cost.billedUsd).toBe(0);
  });

  it.each(PROVIDERS.map((p) => p.id as ProviderId))("%s: moderation ends the run as moderated, not billed", async (provider) => {
    const model = getAdapter(provider).models[0];
    const fault = provider === "bfl" ? "content_moderated" : "moderated";
    const dto = await run(provider, model, { sandbox: { fault } });
    expect(dto.status).toBe("failed");
    expect(dto.error?.code).toMatch(/^moderated_(request|output)$/);
    expect(dto.cost.billedUsd).toBe(0);
    // The inspector still shows what was sent, whichever step the host refused at.
    const inspector = (await getInspector(dto.id, userId))!;
    expect(inspector.tasks[0].request, `${provider} request`).not.toBeNull();
    expect(JSON.stringify(inspector.tasks[0].request)).toContain("a lighthouse at dusk");
  });

  it("records what a host does to the parameters as warnings on the generation", async () => {
    const dto = await run("replicate", "flux-pro-1.1", { params: { ...paramsFor("flux-pro-1.1"), safety_tolerance: 0, num_images: 1 } });
    expect(dto.warnings.join(" ")).toMatch(/safety_tolerance/);
    const together = await run("together", "flux-pro-1.1", { params: { ...paramsFor("flux-pro-1.1"), prompt_upsampling: true, num_images: 1 } });
    expect(together.warnings.join(" ")).toMatch(/prompt_upsampling/);
  });
});
