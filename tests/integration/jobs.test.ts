import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { readFile } from "node:fs/promises";
import sharp from "sharp";
import path from "node:path";
import { getDb } from "@/lib/db/client";
import { generationTasks } from "@/lib/db/schema";
import { eq } from "drizzle-orm";
import { currentUserId } from "@/lib/auth/current-user";
import { runGeneration } from "@/lib/jobs/runner";
import { getGeneration, getTasks, updateGeneration } from "@/lib/db/queries";
import { connect } from "@/lib/providers/registry";
import { cancelGeneration, createGeneration, getGenerationDto, listGenerationPage, resumeUnfinishedGenerations, type CreateGenerationInput } from "@/lib/jobs/service";
import type { GenerationDto } from "@/lib/jobs/types";
import { waitFor } from "./helpers/app-server";
import { startSandboxServer, type SandboxServer } from "./helpers/sandbox-server";
import { backends, createTestData, type TestData } from "./helpers/test-database";
import { useAppEnv } from "./helpers/app-env";

/** The generation lifecycle, end to end inside one process: database, BFL sandbox over HTTP, files. */
describe.each(backends())("jobs on %s", (backend) => {
  let server: SandboxServer;
  let data: TestData;
  let env: { restore: () => Promise<void> };
  let userId: string;

  beforeAll(async () => {
    server = await startSandboxServer();
    data = await createTestData(backend);
    env = await useAppEnv(data, { APP_URL: server.origin, SANDBOX_LATENCY_MS: "200", JOB_POLL_INTERVAL_MS: "50", JOB_DEADLINE_MS: "20000" });
    userId = await currentUserId();
  }, 180_000);
  afterAll(async () => {
    await env.restore();
    await server.close();
    await data.dispose();
  });

  async function run(input: Partial<CreateGenerationInput> & { params?: Record<string, unknown> }): Promise<GenerationDto> {
    const created = await createGeneration(
      // Ultra has no width/height (an unknown field is refused): the defaults are 1.1 [pro]'s.
      { model: "flux-pro-1.1", provider: "bfl", ...input, params: { prompt: "a test", ...(input.model === "flux-pro-1.1-ultra" ? {} : { width: 256, height: 256 }), seed: 1, ...input.params } },
      userId,
    );
    if (!created.ok) throw new Error(created.message);
    await runGeneration(created.id);
    return (await getGenerationDto(created.id, userId))!;
  }

  it("runs a batch to success: one BFL task per image, stored files, cost and timings", async () => {
    const dto = await run({ params: { num_images: 2, seed: 10 } });
    expect(dto.status).toBe("succeeded");
    expect(dto.sandbox).toBe(true);
    expect(dto.images.map((i) => [i.index, i.seed, i.width, i.height])).toEqual([
      [0, 10, 256, 256],
      [1, 11, 256, 256],
    ]);
    for (const image of dto.images) {
      const sha = image.url.match(/([0-9a-f]{64})/)![1];
      expect(existsSync(path.join(data.dataDir, "images", sha.slice(0, 2), `${sha}.jpeg`))).toBe(true);
    }
    expect(dto.cost).toEqual({ estimatedUsd: 0.08, billedUsd: 0, billedSource: "sandbox", unitPriceUsd: 0.04 });
    expect(dto.timings.hostLatencyMs).toBeGreaterThanOrEqual(200);
    expect(dto.timings.totalMs).toBeGreaterThanOrEqual(dto.timings.hostLatencyMs!);
    expect(dto.error).toBeNull();
    const tasks = await (await getDb()).select().from(generationTasks).where(eq(generationTasks.generationId, dto.id));
    expect(tasks.map((t) => t.request?.headers["x-key"])).toEqual(["<redacted>", "<redacted>"]);
  });

  it.each([
    ["content_moderated", "failed", "moderated_output"],
    ["request_moderated", "failed", "moderated_request"],
    ["error", "failed", "provider_error"],
    ["task_not_found", "failed", "provider_error"],
    ["auth", "failed", "auth"],
    ["credits", "failed", "insufficient_credits"],
    ["validation", "failed", "invalid_params"],
    ["malformed_submit", "failed", "provider_error"],
    ["expired_result", "failed", "provider_error"],
  ] as const)("ends with fault %s as %s/%s, with the host's message", async (fault, status, code) => {
    const dto = await run({ sandbox: { fault } });
    expect(dto.status).toBe(status);
    expect(dto.error?.code).toBe(code);
    expect(dto.error?.message.length).toBeGreaterThan(15);
    expect(dto.images).toEqual([]);
    expect(dto.cost.billedUsd).toBe(0);
  });

  it("retries transient faults (429 with Retry-After, 500 while polling) and succeeds", async () => {
    const dto = await run({ sandbox: { fault: `rate_limit*1,poll_500*2#${backend}-${Date.now()}` } });
    expect(dto.status).toBe("succeeded");
    expect(dto.images).toHaveLength(1);
  });

  it("waits out a host that keeps answering 429 until the run's deadline, then says so", async () => {
    await env.restore();
    env = await useAppEnv(data, { APP_URL: server.origin, SANDBOX_LATENCY_MS: "200", JOB_POLL_INTERVAL_MS: "50", JOB_DEADLINE_MS: "4000" });
    try {
      // A 429 lowers the pace and queues the task again; it is not a failed attempt: only the deadline ends it.
      const dto = await run({ sandbox: { fault: "rate_limit" } });
      expect(dto.status).toBe("failed");
      expect(dto.error?.code).toBe("rate_limited");
      expect(dto.error?.message).toMatch(/deadline/);
      const [task] = await (await getDb()).select().from(generationTasks).where(eq(generationTasks.generationId, dto.id));
      expect(task.submitAttempts).toBeGreaterThanOrEqual(2);
    } finally {
      await env.restore();
      env = await useAppEnv(data, { APP_URL: server.origin, SANDBOX_LATENCY_MS: "200", JOB_POLL_INTERVAL_MS: "50", JOB_DEADLINE_MS: "20000" });
    }
  }, 30_000);

  it("ends a hung task at the deadline with a timeout", async () => {
    await env.restore();
    env = await useAppEnv(data, { APP_URL: server.origin, SANDBOX_LATENCY_MS: "200", JOB_POLL_INTERVAL_MS: "50", JOB_DEADLINE_MS: "1500" });
    const dto = await run({ sandbox: { fault: "hang" } });
    expect(dto.status).toBe("failed");
    expect(dto.error?.code).toBe("timeout");
    await env.restore();
    env = await useAppEnv(data, { APP_URL: server.origin, SANDBOX_LATENCY_MS: "200", JOB_POLL_INTERVAL_MS: "50", JOB_DEADLINE_MS: "20000" });
  });

  it("ends as a timeout when the deadline passes during a request to the host", async () => {
    await env.restore();
    env = await useAppEnv(data, { APP_URL: server.origin, SANDBOX_LATENCY_MS: "200", JOB_POLL_INTERVAL_MS: "50", JOB_DEADLINE_MS: "600", HOST_REQUEST_TIMEOUT_MS: "30000" });
    try {
      // The host never answers the submit: the deadline aborts the request in flight.
      const dto = await run({ sandbox: { fault: "hang_submit" } });
      expect(dto.status).toBe("failed");
      expect(dto.error?.code).toBe("timeout");
    } finally {
      await env.restore();
      env = await useAppEnv(data, { APP_URL: server.origin, SANDBOX_LATENCY_MS: "200", JOB_POLL_INTERVAL_MS: "50", JOB_DEADLINE_MS: "20000" });
    }
  });

  it("keeps the images that were ready when part of a batch fails", async () => {
    // Two tasks; the fault hits only the first submit, which is not retryable.
    const dto = await run({ params: { num_images: 2 }, sandbox: { fault: `credits*1#partial-${backend}-${Date.now()}` } });
    expect(dto.status).toBe("succeeded");
    expect(dto.images).toHaveLength(1);
    expect(dto.warnings.join(" ")).toContain("1 of 2 images failed");
  });

  it("cancels a running generation and records canceled", async () => {
    const created = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "slow", width: 256, height: 256 }, sandbox: { latencyMs: 60_000 } }, userId);
    if (!created.ok) throw new Error(created.message);
    const running = runGeneration(created.id);
    // Cancel once the host holds the task, so the cancel has a host task to end.
    await waitFor(async () => (await getTasks(created.id))[0]?.status === "submitted", 10_000, "the host to take the task");
    const result = await cancelGeneration(created.id, userId);
    await running;
    expect(result.ok && result.generation.status).toBe("canceled");
    expect((await getGenerationDto(created.id, userId))?.error?.code).toBe("canceled");
    const again = await cancelGeneration(created.id, userId);
    expect(again.ok).toBe(false);
    expect(!again.ok && again.status).toBe(409);
  });

  it("resumes what a crashed process left: polls the stored handle, never submits again", async () => {
    const created = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "resume me", width: 256, height: 256, seed: 5 } }, userId);
    if (!created.ok) throw new Error(created.message);
    // The state a process leaves when it dies after BFL took the task: handle stored, lease stale.
    const conn = connect("bfl");
    const generation = (await getGeneration(created.id))!;
    const [request] = conn.adapter.buildRequests(generation.model, generation.params, { ...conn, requestKey: generation.id });
    const { handle } = await conn.adapter.submit(request, { ...conn, extraHeaders: { "x-sandbox-latency-ms": "200" } });
    const db = await getDb();
    await db.update(generationTasks).set({ status: "submitted", handle, submitAttempts: 1, submittedAt: new Date() }).where(eq(generationTasks.generationId, created.id));
    await updateGeneration(created.id, { status: "running", submittedAt: new Date(), leaseOwner: "dead-instance", leaseUntil: new Date(Date.now() - 1000) });

    // Another instance's live lease is respected...
    const other = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "not mine", width: 256, height: 256 } }, userId);
    if (!other.ok) throw new Error(other.message);
    await updateGeneration(other.id, { status: "running", leaseOwner: "live-instance", leaseUntil: new Date(Date.now() + 60_000) });

    expect(await resumeUnfinishedGenerations()).toBeGreaterThanOrEqual(1);
    await runGeneration(created.id);
    const dto = (await getGenerationDto(created.id, userId))!;
    expect(dto.status).toBe("succeeded");
    expect(dto.images[0].seed).toBe(5);
    const [task] = await db.select().from(generationTasks).where(eq(generationTasks.generationId, created.id));
    expect(task.handle).toEqual(handle);
    expect(task.submitAttempts).toBe(1);
    // ...and left alone.
    expect((await getGenerationDto(other.id, userId))?.status).toBe("running");
    await updateGeneration(other.id, { leaseUntil: new Date(Date.now() - 1000) });
    await runGeneration(other.id);
  });

  it("takes over at once a lease held by a dead process of this machine", async () => {
    const child = spawn(process.execPath, ["-e", "0"]);
    await new Promise((r) => child.once("exit", r));
    const created = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "orphan", width: 256, height: 256 } }, userId);
    if (!created.ok) throw new Error(created.message);
    await updateGeneration(created.id, { status: "running", leaseOwner: `${hostname()}:${child.pid}:dead`, leaseUntil: new Date(Date.now() + 60_000) });
    expect(await resumeUnfinishedGenerations()).toBeGreaterThanOrEqual(1);
    await runGeneration(created.id);
    expect((await getGenerationDto(created.id, userId))?.status).toBe("succeeded");
  });

  it("keeps an image prompt in storage, sends it to BFL inline, and lets history reuse it", async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3366cc" } }).png().toBuffer();
    const dto = await run({
      model: "flux-pro-1.1-ultra",
      params: { prompt: "remix", aspect_ratio: "1:1", image_prompt: `data:image/png;base64,${png.toString("base64")}`, image_prompt_strength: 0.4 },
    });
    expect(dto.status).toBe("succeeded");
    const reference = dto.params.image_prompt as string;
    expect(reference).toMatch(/^\/api\/images\/[0-9a-f]{64}\.png$/);
    const [task] = await (await getDb()).select().from(generationTasks).where(eq(generationTasks.generationId, dto.id));
    expect(task.request?.body).toMatchObject({ image_prompt_strength: 0.4 });
    // What BFL's sandbox received: the bare base64 of the original file.
    const sandboxTask = JSON.parse(await readFile(path.join(data.dataDir, "sandbox", "bfl", "tasks", `${task.handle!.taskId}.json`), "utf8"));
    expect(sandboxTask.input.image_prompt).toBe(png.toString("base64"));
    // Reusing the generation's params as they are works.
    const again = await run({ model: "flux-pro-1.1-ultra", params: { ...dto.params, seed: 2 } });
    expect(again.status).toBe("succeeded");
    expect(again.params.image_prompt).toBe(reference);
  });

  it("rejects an image prompt that is not an image, naming the field", async () => {
    const result = await createGeneration(
      { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "x", image_prompt: Buffer.from("not an image at all").toString("base64") } },
      userId,
    );
    expect(!result.ok && result.issues[0].path).toBe("params.image_prompt");
    const unknown = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "x", image_prompt: `/api/images/${"a".repeat(64)}.png` } }, userId);
    expect(!unknown.ok && unknown.issues[0].message).toContain("not an image of this playground");
  });

  it("deduplicates by idempotency key", async () => {
    const input = { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "once", width: 256, height: 256 }, idempotencyKey: `k-${backend}` } as const;
    const a = await createGeneration(input, userId);
    const b = await createGeneration(input, userId);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(b.id).toBe(a.id);
      expect(b.created).toBe(false);
      await runGeneration(a.id);
    }
  });

  it("rejects invalid input with field paths and messages", async () => {
    const result = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "x", width: 1000 } }, userId);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([{ path: "params.width", message: "Width must be a multiple of 32 (e.g. 1024)" }]);
    const unknown = await createGeneration({ model: "flux-9", provider: "nobody", params: {} }, userId);
    expect(!unknown.ok && unknown.issues.map((i) => i.path)).toEqual(["model", "provider"]);
  });

  it("lists newest first with a stable cursor and totals", async () => {
    for (let i = 0; i < 6; i++) {
      const created = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: `page ${i}`, width: 256, height: 256 } }, userId);
      if (created.ok) await cancelGeneration(created.id, userId);
    }
    const first = await listGenerationPage(userId, null, 3);
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await listGenerationPage(userId, first.nextCursor, 3);
    const times = [...first.items, ...second.items].map((g) => Date.parse(g.timings.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set([...first.items, ...second.items].map((g) => g.id)).size).toBe(6);
    expect(first.totals.generations).toBeGreaterThanOrEqual(6);
    expect(first.totals.estimatedUsd).toBeGreaterThan(0);
    await expect(listGenerationPage(userId, "garbage", 3)).rejects.toThrow(/cursor/);
  });
});
