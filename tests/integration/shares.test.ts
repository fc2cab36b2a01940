import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { getGeneration } from "@/lib/db/queries";
import { users } from "@/lib/db/schema";
import { currentUserId } from "@/lib/auth/current-user";
import { runComparisonCells } from "@/lib/compare/run";
import { createComparison } from "@/lib/compare/service";
import { runGeneration } from "@/lib/jobs/runner";
import { createGeneration, getGenerationDto } from "@/lib/jobs/service";
import { createShare, listShares, resolveShare, revokeShare } from "@/lib/shares/service";
import { DELETE } from "@/app/api/v1/shares/[slug]/route";
import { GET, POST } from "@/app/api/v1/shares/route";
import { useAppEnv } from "./helpers/app-env";
import { startSandboxServer, type SandboxServer } from "./helpers/sandbox-server";
import { backends, createTestData, type TestData } from "./helpers/test-database";

/** Share links: made by the owner only, opened by anyone with the slug, closed at once by a revoke. */
describe.each(backends())("shares on %s", (backend) => {
  let server: SandboxServer;
  let data: TestData;
  let env: { restore: () => Promise<void> };
  let userId: string;
  let generationId: string;
  let comparisonId: string;
  let otherGenerationId: string;

  async function generate(owner: string, sandbox?: Record<string, unknown>) {
    const created = await createGeneration(
      { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "a shared lighthouse", width: 256, height: 256, seed: 7 }, ...(sandbox ? { sandbox } : {}) },
      owner,
    );
    if (!created.ok) throw new Error(created.message);
    await runGeneration(created.id);
    return created.id;
  }

  beforeAll(async () => {
    server = await startSandboxServer();
    data = await createTestData(backend);
    env = await useAppEnv(data, { APP_URL: server.origin, SANDBOX_LATENCY_MS: "100", JOB_POLL_INTERVAL_MS: "50", JOB_DEADLINE_MS: "20000" });
    userId = await currentUserId();
    // A sandbox latency is stored on the row as a header: it must not leak into a share.
    generationId = await generate(userId, { latencyMs: 150 });
    const comparison = await createComparison(
      { model: "flux-pro-1.1", providers: ["bfl", "runware"], seeds: [3, 4], params: { prompt: "a shared kite", width: 256, height: 256 }, blind: true, idempotencyKey: "share-test" },
      userId,
    );
    if (!comparison.ok) throw new Error(comparison.message);
    await runComparisonCells(comparison.generations);
    comparisonId = comparison.id;
    await (await getDb()).insert(users).values({ id: "someone-else", name: "Someone else" }).onConflictDoNothing();
    otherGenerationId = await generate("someone-else");
  }, 180_000);
  afterAll(async () => {
    await env.restore();
    await server.close();
    await data.dispose();
  });

  const post = (body: unknown) => POST(new Request("http://share.test:8080/api/v1/shares", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }));

  it("shares a generation: a 22-character base64url slug, an absolute URL on APP_URL (not the request's Host), a public DTO without anything private", async () => {
    const res = await post({ generationId });
    expect(res.status).toBe(201);
    const { slug, url } = (await res.json()) as { slug: string; url: string };
    expect(slug).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(url).toBe(`${server.origin}/s/${slug}`);

    const shared = await resolveShare(slug);
    expect(shared?.kind).toBe("generation");
    if (shared?.kind !== "generation") return;
    const g = shared.generation;
    expect(g).toMatchObject({ model: "flux-pro-1.1", provider: "bfl", status: "succeeded", params: { prompt: "a shared lighthouse", width: 256, height: 256, seed: 7 } });
    expect(g.images).toHaveLength(1);
    expect(g.images[0].url).toMatch(/^\/api\/images\/[0-9a-f]{64}\.jpeg$/);
    expect(g.timings.hostLatencyMs).toBeGreaterThan(0);
    expect(g.cost.unitPriceUsd).toBe(0.04);
    expect((await getGeneration(generationId))?.sandboxHeaders).toBeTruthy();
    const text = JSON.stringify(shared);
    for (const secret of [userId, generationId, "userId", "leaseOwner", "leaseUntil", "sandboxHeaders", "idempotencyKey", "comparisonId", "x-sandbox", "exchanges", '"id"']) {
      expect(text).not.toContain(secret);
    }
    expect(Object.keys(g).sort()).toEqual(["cost", "editedFrom", "error", "images", "model", "notSent", "params", "provider", "sandbox", "status", "timings", "warnings"]);
    expect(g.editedFrom).toBeNull();
  });

  it("shares an edit: what it was edited from (its input image), never the parent run nor the edits made since", async () => {
    const parent = (await getGenerationDto(generationId, userId))!;
    const input_image = parent.images[0]!.url;
    const edit = async (prompt: string, image: string) => {
      const created = await createGeneration({ model: "flux-kontext-pro", provider: "bfl", params: { prompt, input_image: image } }, userId);
      if (!created.ok) throw new Error(created.message);
      await runGeneration(created.id);
      return (await getGenerationDto(created.id, userId))!;
    };
    const edited = await edit("the lighthouse at night", input_image);
    expect(edited.parent?.generationId).toBe(generationId);
    // An edit of the edit: the owner sees it as a child; the share must not.
    const later = await edit("and snow", edited.images[0]!.url);
    expect((await getGenerationDto(edited.id, userId))!.children.map((c) => c.generationId)).toEqual([later.id]);
    const created = await createShare({ generationId: edited.id }, userId);
    if (!created.ok) throw new Error(created.message);
    const shared = await resolveShare(created.share.slug);
    if (shared?.kind !== "generation") throw new Error("not a generation share");
    expect(shared.generation.editedFrom).toEqual({ url: input_image });
    const text = JSON.stringify(shared);
    for (const hidden of [generationId, edited.id, later.id, "and snow", "children", "parent"]) expect(text).not.toContain(hidden);
  }, 60_000);

  it("shares a comparison: every cell with its host and seed, no blind order, votes or ids", async () => {
    const created = await createShare({ comparisonId }, userId);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const shared = await resolveShare(created.share.slug);
    expect(shared?.kind).toBe("comparison");
    if (shared?.kind !== "comparison") return;
    const c = shared.comparison;
    expect(c.providers).toEqual(["bfl", "runware"]);
    expect(c.seeds).toEqual([3, 4]);
    expect(c.cells.map((cell) => `${cell.provider}:${cell.params.seed}`).sort()).toEqual(["bfl:3", "bfl:4", "runware:3", "runware:4"]);
    expect(c.cells.every((cell) => cell.images.length === 1)).toBe(true);
    const text = JSON.stringify(shared);
    for (const secret of [userId, comparisonId, "blindOrder", "votes", "share-test", "idempotencyKey", "sourceId", '"id"']) expect(text).not.toContain(secret);
  });

  it("reuses the active link when asked (the UI), makes a new one otherwise (the API), and lists them", async () => {
    const first = await createShare({ generationId }, userId, { reuseActive: true });
    const again = await createShare({ generationId }, userId, { reuseActive: true });
    expect(first.ok && again.ok && again.share.slug === first.share.slug && !again.created).toBe(true);
    const fresh = await createShare({ generationId }, userId);
    expect(fresh.ok && first.ok && fresh.share.slug !== first.share.slug).toBe(true);
    const listed = await GET(new Request(`http://share.test/api/v1/shares?generationId=${generationId}`));
    expect(listed.status).toBe(200);
    const { shares } = (await listed.json()) as { shares: { slug: string; url: string }[] };
    expect(first.ok && fresh.ok && shares[0].slug === fresh.share.slug && shares.some((s) => s.slug === first.share.slug)).toBe(true);
    expect(shares[0].url.startsWith(`${server.origin}/s/`)).toBe(true);
  });

  it("slugs are unique and random", async () => {
    const slugs = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = await createShare({ generationId }, userId);
      if (r.ok) slugs.add(r.share.slug);
    }
    expect(slugs.size).toBe(20);
    // 128 bits: every base64url character is used across a handful of slugs, not a narrow alphabet.
    expect(new Set([...slugs].join("")).size).toBeGreaterThan(40);
  });

  it("refuses someone else's item with 404 and does not list or revoke their links", async () => {
    const res = await post({ generationId: otherGenerationId });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await createShare({ comparisonId: "nope" }, userId)).ok).toBe(false);
    expect((await listShares({ generationId: otherGenerationId }, userId)).ok).toBe(false);
    const theirs = await createShare({ generationId: otherGenerationId }, "someone-else");
    if (!theirs.ok) throw new Error(theirs.message);
    const del = await DELETE(new Request("http://share.test"), { params: Promise.resolve({ slug: theirs.share.slug }) });
    expect(del.status).toBe(404);
    expect(await resolveShare(theirs.share.slug)).not.toBeNull();
  });

  it("revoke: the link resolves to nothing at once; 204, then 204 again; unknown slugs are 404", async () => {
    const created = await createShare({ comparisonId }, userId);
    if (!created.ok) throw new Error(created.message);
    const { slug } = created.share;
    expect(await resolveShare(slug)).not.toBeNull();
    const del = await DELETE(new Request("http://share.test"), { params: Promise.resolve({ slug }) });
    expect(del.status).toBe(204);
    expect(await resolveShare(slug)).toBeNull();
    expect((await DELETE(new Request("http://share.test"), { params: Promise.resolve({ slug }) })).status).toBe(204);
    expect(await revokeShare("A".repeat(22), userId)).toBe(false);
    expect(await resolveShare("not-a-slug")).toBeNull();
    const listed = await listShares({ comparisonId }, userId);
    expect(listed.ok && listed.shares.some((s) => s.slug === slug)).toBe(false);
  });

  it.each([
    [{}, "generationId", /generationId or comparisonId/],
    [{ generationId: "a", comparisonId: "b" }, "comparisonId", /not both/],
    [{ generationId: 12 }, "generationId", /string/],
    [{ comparisonId: "" }, "comparisonId", /empty/],
  ])("answers 400 with field paths for %j", async (body, path, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; issues: { path: string; message: string }[] } };
    expect(error.code).toBe("invalid_request");
    expect(error.issues.find((i) => i.path === path)?.message).toMatch(message);
  });

  it("answers 400 for an unknown field and for a body that is not JSON", async () => {
    expect((await post({ generationId, owner: "x" })).status).toBe(400);
    const res = await POST(new Request("http://share.test/api/v1/shares", { method: "POST", body: "{" }));
    expect(res.status).toBe(400);
  });
});
