import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { claimLocalWork } from "@/lib/auth/claim";
import { currentUserId, LOCAL_USER } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { imageFileVisibleTo, imagesOf } from "@/lib/db/queries";
import { comparisons, generations, images, shares, users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { runGeneration } from "@/lib/jobs/runner";
import { createGeneration } from "@/lib/jobs/service";
import { createShare, revokeShare } from "@/lib/shares/service";
import { useAppEnv } from "./helpers/app-env";
import { inTeamMode } from "./helpers/team";
import { startSandboxServer, type SandboxServer } from "./helpers/sandbox-server";
import { backends, createTestData, type TestData } from "./helpers/test-database";

/** Team mode's data rules: which stored files a user (or a stranger) may fetch, and claiming the local user's work. */
describe.each(backends())("accounts on %s", (backend) => {
  let server: SandboxServer;
  let data: TestData;
  let env: { restore: () => Promise<void> };

  async function generate(owner: string, prompt: string, imagePrompt?: string) {
    const created = await createGeneration(
      { model: "flux-pro-1.1", provider: "bfl", params: { prompt, width: 256, height: 256, seed: 5, ...(imagePrompt ? { image_prompt: imagePrompt } : {}) } },
      owner,
    );
    if (!created.ok) throw new Error(created.message);
    await runGeneration(created.id);
    const [image] = await imagesOf([created.id]);
    return { id: created.id, sha256: image.sha256 };
  }

  beforeAll(async () => {
    server = await startSandboxServer();
    data = await createTestData(backend);
    env = await useAppEnv(data, { APP_URL: server.origin, SANDBOX_LATENCY_MS: "50", JOB_POLL_INTERVAL_MS: "50", JOB_DEADLINE_MS: "20000" });
    await currentUserId(); // the local user, as local mode makes it
    await (await getDb()).insert(users).values([{ id: "ann", name: "Ann", email: "ann@example.test" }, { id: "ben", name: "Ben", email: "ben@example.test" }]);
  }, 180_000);
  afterAll(async () => {
    delete process.env.AUTH_CLAIM_LOCAL;
    await env.restore();
    await server.close();
    await data.dispose();
  });

  it("serves a file to its owner and, while a share shows it, to anyone; else to nobody", async () => {
    const tiny = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    const ann = await generate("ann", "Ann's quiet harbour", tiny);
    const [annRow] = await (await getDb()).select().from(generations).where(eq(generations.id, ann.id));
    const promptSha = /([0-9a-f]{64})/.exec(String((annRow.params as { image_prompt?: string }).image_prompt))![1];

    expect(await imageFileVisibleTo(ann.sha256, "ann")).toBe(true);
    expect(await imageFileVisibleTo(promptSha, "ann")).toBe(true);
    expect(await imageFileVisibleTo(ann.sha256, "ben")).toBe(false);
    expect(await imageFileVisibleTo(promptSha, "ben")).toBe(false);
    expect(await imageFileVisibleTo(ann.sha256, null)).toBe(false);
    expect(await imageFileVisibleTo("0".repeat(64), "ann")).toBe(false);

    const share = await createShare({ generationId: ann.id }, "ann");
    if (!share.ok) throw new Error(share.message);
    expect(await imageFileVisibleTo(ann.sha256, null)).toBe(true);
    expect(await imageFileVisibleTo(promptSha, "ben")).toBe(true);

    expect(await revokeShare(share.share.slug, "ann")).toBe(true);
    expect(await imageFileVisibleTo(promptSha, "ben")).toBe(false);

    // Team mode: Ben may run with Ann's image prompt only while a share of hers shows it.
    const reuse = () =>
      createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "Ben reuses a shared prompt image", width: 256, height: 256, image_prompt: `/api/images/${promptSha}.png` } }, "ben");
    await inTeamMode(async () => {
      const refused = await reuse();
      // The same answer as for a file that does not exist: nothing tells Ben it is stored.
      expect(!refused.ok && refused.message).toBe(`params.image_prompt: /api/images/${promptSha}.png is not an image of this playground`);
      const missing = await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "x", image_prompt: `/api/images/${"0".repeat(64)}.png` } }, "ben");
      expect(!missing.ok && missing.message).toBe(`params.image_prompt: /api/images/${"0".repeat(64)}.png is not an image of this playground`);
      const again = await createShare({ generationId: ann.id }, "ann");
      if (!again.ok) throw new Error(again.message);
      expect((await reuse()).ok).toBe(true);
      expect(await revokeShare(again.share.slug, "ann")).toBe(true);
    });
    // Local mode: the one user may reuse any stored image.
    expect((await createGeneration({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: "y", width: 256, height: 256, image_prompt: `/api/images/${promptSha}.png` } }, "ben")).ok).toBe(true);
    expect(await imageFileVisibleTo(ann.sha256, null)).toBe(false);
  });

  it("AUTH_CLAIM_LOCAL hands the local user's work to the first person who signs in, and to nobody after", async () => {
    const local = await generate(LOCAL_USER.id, "made before team mode");
    const db = await getDb();
    const owner = async () => (await db.select({ userId: generations.userId }).from(generations).where(eq(generations.id, local.id)))[0].userId;

    // Off by default: nothing moves.
    await db.insert(users).values({ id: "first", name: "First", email: "first@example.test" });
    expect(await claimLocalWork("first")).toBe(false);
    expect(await owner()).toBe(LOCAL_USER.id);
    await db.delete(users).where(eq(users.id, "first"));

    process.env.AUTH_CLAIM_LOCAL = "true";
    resetEnvCache();
    // Ann and Ben exist already: the first person is not whoever signs in next.
    await db.insert(users).values({ id: "late", name: "Late", email: "late@example.test" });
    expect(await claimLocalWork("late")).toBe(false);
    expect(await owner()).toBe(LOCAL_USER.id);

    await db.delete(users).where(eq(users.id, "late"));
    await db.delete(users).where(eq(users.id, "ben"));
    await db.delete(shares);
    await db.delete(users).where(eq(users.id, "ann"));
    await db.insert(users).values({ id: "first", name: "First", email: "first@example.test" });
    expect(await claimLocalWork("first")).toBe(true);
    expect(await owner()).toBe("first");
    const images_ = await db.select({ userId: images.userId }).from(images).where(eq(images.generationId, local.id));
    expect(images_.map((i) => i.userId)).toEqual(["first"]);
    expect(await db.select().from(comparisons).where(eq(comparisons.userId, LOCAL_USER.id))).toEqual([]);

    await db.insert(users).values({ id: "second", name: "Second", email: "second@example.test" });
    expect(await claimLocalWork("second")).toBe(false);
    expect(await owner()).toBe("first");
  });
});
