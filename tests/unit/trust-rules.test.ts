import { describe, expect, it } from "vitest";
import { bradleyTerry, competitionRanks } from "@/lib/compare/rating";
import { comparisonWallMs } from "@/lib/compare/status";
import { hostStartedAt } from "@/lib/jobs/host-timing";
import { parseParams, withoutInapplicable } from "@/lib/models";
import { unsentParams } from "@/lib/providers/capabilities";
import { getAdapter } from "@/lib/providers/registry";
import { RECEIVED_AT_HEADER } from "@/lib/sandbox/received-at";
import { syntheticImageSvg, type SyntheticImageSpec } from "@/lib/sandbox/synthetic-image";
import type { GenerationDto } from "@/lib/jobs/types";

describe("competitionRanks", () => {
  it.each([
    [[1600, 1500, 1500, 1500, 1400], [1, 2, 2, 2, 5]],
    [[1550.2, 1549.8, 1400], [1, 1, 3]],
    [[1500.6, 1500.4], [1, 2]],
    [[1500, 1500, null, null], [1, 1, null, null]],
    [[], []],
  ])("%j ranks %j", (ratings, ranks) => {
    expect(competitionRanks(ratings)).toEqual(ranks);
  });

  it("gives hosts tied by votes one rank", () => {
    // a beats b, c and d alike; b, c, d never meet: equal by symmetry.
    const ratings = bradleyTerry([
      { candidates: ["a", "b"], winner: "a" },
      { candidates: ["a", "c"], winner: "a" },
      { candidates: ["a", "d"], winner: "a" },
    ]);
    expect(competitionRanks(ratings.map((r) => r.rating))).toEqual([1, 2, 2, 2]);
  });
});

describe("anonymous sandbox pictures", () => {
  const spec: SyntheticImageSpec = {
    width: 1024,
    height: 768,
    format: "jpeg",
    prompt: "a lighthouse",
    seed: 7,
    provider: "Runware (sandbox)",
    model: "bfl:2@1",
    params: { positivePrompt: "a lighthouse", outputFormat: "JPEG", taskType: "imageInference" },
  };

  it("names the host, its model and its dialect outside blind mode", () => {
    const svg = syntheticImageSvg(spec);
    expect(svg).toContain("Runware (sandbox)");
    expect(svg).toContain("bfl:2@1");
    expect(svg).toContain("outputFormat");
  });

  it("draws neither host, model id nor the host's parameter names in a blind cell", () => {
    const svg = syntheticImageSvg({ ...spec, anonymous: true });
    for (const text of ["Runware", "bfl:2@1", "outputFormat", "taskType", "positivePrompt"]) expect(svg).not.toContain(text);
    expect(svg).toContain("SANDBOX");
    expect(svg).toContain("host hidden");
    expect(svg).toContain("seed 7");
  });

  it("draws the same picture for two hosts in a blind cell", () => {
    const other = { ...spec, provider: "fal.ai (sandbox)", model: "fal-ai/flux-pro/v1.1", params: { prompt: "a lighthouse", output_format: "jpeg" } };
    expect(syntheticImageSvg({ ...other, anonymous: true })).toBe(syntheticImageSvg({ ...spec, anonymous: true }));
  });
});

describe("hostStartedAt", () => {
  const at = "2026-01-01T00:00:00.000Z";
  const sent = Date.parse(at);
  const answer = (headers: Record<string, string>) => ({ status: 200, headers, body: {} });

  it("takes the host's own stamp: a dev server compiling the emulator is not the host's time", () => {
    const started = hostStartedAt({ at, durationMs: 9800, response: answer({ [RECEIVED_AT_HEADER]: String(sent + 9500) }) });
    expect(started.getTime()).toBe(sent + 9500);
  });

  it("falls back to when the request left without a stamp, or with one outside the exchange", () => {
    expect(hostStartedAt({ at, durationMs: 300, response: answer({}) }).getTime()).toBe(sent);
    expect(hostStartedAt({ at, durationMs: 300, response: answer({ [RECEIVED_AT_HEADER]: String(sent + 60_000) }) }).getTime()).toBe(sent);
    expect(hostStartedAt({ at, durationMs: 300, response: { error: "reset" } }).getTime()).toBe(sent);
  });
});

describe("parameters the host never received", () => {
  it("records no image-prompt strength without an image prompt", () => {
    const parsed = parseParams("flux-pro-1.1-ultra", { prompt: "a fox" });
    expect(parsed.ok && "image_prompt_strength" in parsed.data).toBe(false);
    const withPrompt = parseParams("flux-pro-1.1-ultra", { prompt: "a fox", image_prompt: `/api/images/${"a".repeat(64)}.png`, image_prompt_strength: 0.4 });
    expect(withPrompt.ok && withPrompt.data.image_prompt_strength).toBe(0.4);
  });

  it("hides a strength stored by older versions without an image prompt", () => {
    expect(withoutInapplicable({ prompt: "x", image_prompt_strength: 0.1 })).toEqual({ prompt: "x" });
    expect(withoutInapplicable({ prompt: "x", image_prompt: "", image_prompt_strength: 0.1 })).toEqual({ prompt: "x", image_prompt: "" });
  });

  it("names what each host's mapping drops", () => {
    const params = { prompt: "x", prompt_upsampling: false, image_prompt: "/api/images/a.png", image_prompt_strength: 0.3, raw: false };
    expect(unsentParams(getAdapter("runware").capabilities["flux-pro-1.1-ultra"], params)).toContain("image_prompt_strength");
    expect(unsentParams(getAdapter("replicate").capabilities["flux-pro-1.1-ultra"], params)).toContain("prompt_upsampling");
    expect(unsentParams(getAdapter("bfl").capabilities["flux-pro-1.1-ultra"], params)).toEqual([]);
  });
});

describe("comparisonWallMs", () => {
  const cell = (status: GenerationDto["status"], finishedAt: string | null) =>
    ({ status, timings: { createdAt: "", submittedAt: null, hostReadyAt: null, finishedAt, hostLatencyMs: null, totalMs: null } }) as Pick<GenerationDto, "status" | "timings">;
  const created = "2026-01-01T00:00:00.000Z";

  it("is the last cell's end once every cell has ended", () => {
    expect(comparisonWallMs(created, [cell("succeeded", "2026-01-01T00:00:03.000Z"), cell("failed", "2026-01-01T00:00:05.500Z")])).toBe(5500);
  });

  it("is null while a cell runs", () => {
    expect(comparisonWallMs(created, [cell("succeeded", "2026-01-01T00:00:03.000Z"), cell("running", null)])).toBeNull();
  });
});
