import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { PARENT_IMAGE_REFUSED } from "@/lib/jobs/lineage";
import type { GenerationDto, LineageLink } from "@/lib/jobs/types";
import { startAppServer, waitFor, type AppServer } from "./helpers/app-server";
import { seedPeople, TEAM_ENV, type Person } from "./helpers/team";
import { backends, createTestData, type TestData } from "./helpers/test-database";

/**
 * Edit lineage over real HTTP, in team mode (production build): an edit records the image it
 * changed (named, or inferred from its stored input image), and each run shows its parent and the
 * runs that edited its images, never another user's rows, never deleted ones.
 */
describe.each(backends())("edit lineage on %s", (backend) => {
  let data: TestData;
  let server: AppServer;
  let alice: Person;
  let bob: Person;
  /** A 3×2 PNG, uploaded inline (an edit of something not made here). */
  let PNG: string;

  beforeAll(async () => {
    PNG = `data:image/png;base64,${(await sharp({ create: { width: 3, height: 2, channels: 3, background: "#808080" } }).png().toBuffer()).toString("base64")}`;
    data = await createTestData(backend);
    [alice, bob] = await seedPeople(data, [
      { id: "alice", email: "alice@example.com", name: "Alice" },
      { id: "bob", email: "bob@example.com", name: "Bob" },
    ]);
    server = await startAppServer({ DATA_DIR: data.dataDir, DATABASE_URL: data.databaseUrl, ...TEAM_ENV, SANDBOX_LATENCY_MS: "100" });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await data?.dispose();
  });

  const api = (path: string, as: Person, json?: unknown) =>
    fetch(`${server.origin}${path}`, {
      method: json === undefined ? "GET" : "POST",
      headers: { cookie: as.cookie, ...(json === undefined ? {} : { "content-type": "application/json" }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });

  const get = async (id: string, as = alice): Promise<GenerationDto> => {
    const res = await api(`/api/v1/generations/${id}`, as);
    expect(res.status, `GET ${id}`).toBe(200);
    return res.json();
  };

  /** Starts a run and waits for it to succeed. */
  async function run(as: Person, body: Record<string, unknown>): Promise<GenerationDto> {
    const res = await api("/api/v1/generations", as, body);
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(202);
    const { id } = (await res.json()) as { id: string };
    return waitFor(
      async () => {
        const dto = await get(id, as);
        if (dto.status === "failed") throw new Error(`${id} failed: ${JSON.stringify(dto.error)}`);
        return dto.status === "succeeded" ? dto : null;
      },
      30_000,
      `run ${id}`,
    );
  }

  const edit = (prompt: string, from: GenerationDto, named: boolean) =>
    run(alice, {
      model: "flux-kontext-pro",
      provider: "bfl",
      params: { prompt, input_image: from.images[0]!.url },
      ...(named ? { parentImageId: from.images[0]!.id } : {}),
    });

  const linkTo = (g: GenerationDto): LineageLink => ({
    generationId: g.id,
    imageId: g.images[0]!.id,
    model: g.model,
    provider: g.provider,
    prompt: String(g.params.prompt),
    thumbUrl: g.images[0]!.thumbUrl,
  });

  let first: GenerationDto;
  let second: GenerationDto;
  let third: GenerationDto;
  let fourth: GenerationDto;

  it("a chain of three edits: each records its parent, named or inferred from its stored input image", async () => {
    first = await run(alice, { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "a lighthouse at dusk", width: 1024, height: 768 } });
    second = await edit("make it night", first, true);
    // An API user who only passes one of their image URLs as input_image gets the lineage too.
    third = await edit("add snow", second, false);
    fourth = await edit("paint it as a woodcut", third, true);

    // No aspect ratio: the edit keeps its input's 4:3 shape at ~1 MP (BFL's sandbox).
    const [made] = second.images;
    expect([made!.width, made!.height]).toEqual([1184, 880]);
    expect((await sharp(Buffer.from(await (await api(made!.url, alice)).arrayBuffer())).metadata()).width).toBe(1184);

    first = await get(first.id);
    second = await get(second.id);
    third = await get(third.id);
    fourth = await get(fourth.id);
    expect(first.parent).toBeNull();
    expect(first.children).toEqual([{ ...linkTo(second), fromImageId: first.images[0]!.id }]);
    expect(second.parent).toEqual(linkTo(first));
    expect(second.children).toEqual([{ ...linkTo(third), fromImageId: second.images[0]!.id }]);
    expect(third.parent).toEqual(linkTo(second));
    expect(third.children).toEqual([{ ...linkTo(fourth), fromImageId: third.images[0]!.id }]);
    expect(fourth.parent).toEqual(linkTo(third));
    expect(fourth.children).toEqual([]);
  }, 120_000);

  it("the gallery's page carries the same lineage", async () => {
    const page = (await (await api("/api/v1/history?limit=10", alice)).json()) as { items: { kind: string; generation: GenerationDto }[] };
    const byId = new Map(page.items.map((i) => [i.generation.id, i.generation]));
    expect(byId.get(third.id)?.parent).toEqual(third.parent);
    expect(byId.get(third.id)?.children).toEqual(third.children);
  });

  it("another user's image is refused as a parent, in the same words as an image that does not exist", async () => {
    const refuse = async (parentImageId: string) => {
      const res = await api("/api/v1/generations", bob, { model: "flux-kontext-pro", provider: "bfl", params: { prompt: "steal it", input_image: PNG }, parentImageId });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { message: string; issues: { path: string; message: string }[] } };
      return body.error.issues;
    };
    const foreign = await refuse(first.images[0]!.id);
    expect(foreign).toEqual([{ path: "parentImageId", message: PARENT_IMAGE_REFUSED }]);
    expect(await refuse("no-such-image")).toEqual(foreign);
    // Bob's own edit of an upload has no parent, and his lists never show Alice's runs as edits.
    const own = await run(bob, { model: "flux-kontext-pro", provider: "bfl", params: { prompt: "his own edit", input_image: PNG } });
    expect(own.parent).toBeNull();
    expect((await api(`/api/v1/generations/${second.id}`, bob)).status).toBe(404);
  }, 60_000);

  it("a deleted parent is left out: the edit shows no parent, and the parent's run no longer lists it once deleted", async () => {
    const res = await api("/api/v1/history/delete", alice, { generationIds: [second.id] });
    expect(res.status).toBe(200);
    expect((await get(third.id)).parent).toBeNull();
    expect((await get(first.id)).children).toEqual([]);
    // The rest of the chain still holds.
    expect((await get(fourth.id)).parent).toEqual(linkTo(third));
  });
});
