import { describe, expect, it } from "vitest";
import { pairVote, voteForModel } from "@/lib/compare/board-votes";
import { cellKeyIn, cellKeys, cellNamer, distinctHosts, parseCellKey } from "@/lib/compare/cells";
import { bradleyTerry } from "@/lib/compare/rating";
import { createCellsComparisonInput, MAX_CELLS } from "@/lib/compare/service";
import { mapSharedParams, sharedParamNotes } from "@/lib/compare/shared-params";
import { parseParams, toFieldIssues } from "@/lib/models";

describe("cell keys", () => {
  it("are hosts while a comparison has one model, provider@model across models", () => {
    const one = [{ model: "flux-dev", provider: "fal" }, { model: "flux-dev", provider: "replicate" }] as const;
    expect(cellKeys([...one])).toEqual(["fal", "replicate"]);
    const across = [{ model: "flux-dev", provider: "fal" }, { model: "flux-schnell", provider: "fal" }, { model: "flux-dev", provider: "replicate" }] as const;
    expect(cellKeys([...across])).toEqual(["fal@flux-dev", "fal@flux-schnell", "replicate@flux-dev"]);
    expect(cellKeyIn([...across], "together", "flux-schnell")).toBe("together@flux-schnell");
    expect(cellKeyIn([...one], "together", "flux-dev")).toBe("together");
    expect(distinctHosts([...across])).toEqual(["fal", "replicate"]);
  });

  it("parse back to host and model; a bare host key is a cell of the vote's model", () => {
    expect(parseCellKey("fal@flux-schnell", "flux-dev")).toEqual({ provider: "fal", model: "flux-schnell" });
    expect(parseCellKey("bfl", "flux-pro-1.1")).toEqual({ provider: "bfl", model: "flux-pro-1.1" });
    const name = cellNamer((id) => id.toUpperCase(), (id) => `M:${id}`, "flux-dev");
    expect(name("fal")).toBe("FAL");
    expect(name("fal@flux-schnell")).toBe("FAL · M:flux-schnell");
  });
});

describe("the cells form's validation", () => {
  const paths = (raw: unknown) => {
    const result = createCellsComparisonInput.safeParse(raw);
    return result.success ? [] : toFieldIssues(result.error).map((i) => i.path);
  };
  const base = { params: { prompt: "x" } };

  it("names the field of an unknown model or host, a duplicate and too many cells", () => {
    expect(paths({ ...base, cells: [{ model: "flux-dev", provider: "fal" }, { model: "flux-dev", provider: "replicate" }, { model: "flux-9", provider: "fal" }] })).toEqual(["cells.2.model"]);
    expect(paths({ ...base, cells: [{ model: "flux-dev", provider: "fal" }, { model: "flux-dev", provider: "nowhere" }] })).toEqual(["cells.1.provider"]);
    expect(paths({ ...base, cells: [{ model: "flux-dev", provider: "fal" }, { model: "flux-dev", provider: "fal" }] })).toEqual(["cells.1"]);
    const many = Array.from({ length: MAX_CELLS + 1 }, () => ({ model: "flux-dev", provider: "fal" }));
    expect(paths({ ...base, cells: many })).toContain("cells");
    expect(paths({ ...base, cells: [] })).toEqual(["cells"]);
    expect(paths({ ...base, cells: [{ model: "flux-dev", provider: "fal", extra: 1 }] })).toEqual(["cells.0.extra"]);
    expect(paths({ ...base, cells: [{ model: "flux-dev", provider: "fal" }] })).toEqual([]);
  });
});

describe("shared parameters mapped per model", () => {
  it("one model: exactly that model's own validation", () => {
    const raw = { prompt: " a kite ", steps: 60 };
    const mapped = mapSharedParams(["flux-dev", "flux-dev"], raw);
    const own = parseParams("flux-dev", raw);
    expect(mapped).toEqual({ ok: false, issues: own.ok ? [] : own.issues });
    const fine = mapSharedParams(["flux-dev"], { prompt: "a kite" });
    expect(fine.ok && fine.byModel.get("flux-dev")!.params).toEqual(parseParams("flux-dev", { prompt: "a kite" }).ok && (parseParams("flux-dev", { prompt: "a kite" }) as { data: unknown }).data);
  });

  it("leaves out what a model does not take, and says so for that model's cells only", () => {
    const mapped = mapSharedParams(["flux-pro-1.1", "flux-dev", "flux-schnell"], { prompt: "  a kite ", width: 512, height: 512, safety_tolerance: 4, guidance: 4.5, prompt_upsampling: false });
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    const pro = mapped.byModel.get("flux-pro-1.1")!;
    const dev = mapped.byModel.get("flux-dev")!;
    const schnell = mapped.byModel.get("flux-schnell")!;
    expect(pro.params).toMatchObject({ prompt: "a kite", width: 512, safety_tolerance: 4 });
    expect(pro.params).not.toHaveProperty("guidance");
    expect(pro.warnings).toEqual(["guidance: FLUX 1.1 [pro] takes no guidance: not sent"]);
    expect(dev.params).toMatchObject({ guidance: 4.5, safety_tolerance: 4, steps: 28 });
    expect(dev.warnings).toEqual([]);
    expect(schnell.params).not.toHaveProperty("safety_tolerance");
    expect(schnell.params).not.toHaveProperty("prompt_upsampling");
    // prompt_upsampling false is nothing to warn of; the tolerance and guidance the user set are.
    expect(schnell.warnings).toEqual(["safety_tolerance: FLUX.1 [schnell] takes no safety tolerance: not sent", "guidance: FLUX.1 [schnell] takes no guidance: not sent"]);
    expect(schnell.notSent).toEqual(["safety_tolerance", "guidance", "prompt_upsampling"]);
    expect(mapped.shared).toEqual({ prompt: "a kite", width: 512, height: 512, safety_tolerance: 4, guidance: 4.5, prompt_upsampling: false });
  });

  it("a value one model takes and another refuses gets that model's default, with a warning", () => {
    const mapped = mapSharedParams(["flux-dev", "flux-schnell"], { prompt: "p", steps: 28 });
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.byModel.get("flux-dev")!.params).toMatchObject({ steps: 28 });
    expect(mapped.byModel.get("flux-schnell")!.params).toMatchObject({ steps: 4 });
    expect(mapped.byModel.get("flux-schnell")!.warnings).toEqual(["steps: FLUX.1 [schnell] does not take steps 28: its default 4 is sent"]);
  });

  it("the form's notes per model hold while the values are still invalid (an empty prompt)", () => {
    const notes = sharedParamNotes(["flux-pro-1.1", "flux-schnell"], { prompt: "", safety_tolerance: 2 });
    expect(notes.get("flux-schnell")).toEqual(["safety_tolerance: FLUX.1 [schnell] takes no safety tolerance: not sent"]);
    expect(notes.get("flux-pro-1.1")).toEqual([]);
    expect(sharedParamNotes(["flux-dev"], { safety_tolerance: 2 }).size).toBe(0);
  });

  it("a value no model takes is an error naming the field and the model", () => {
    expect(mapSharedParams(["flux-dev", "flux-schnell"], { prompt: "p", steps: 90 })).toEqual({ ok: false, issues: [{ path: "params.steps", message: "FLUX.1 [dev]: Steps must be a whole number from 1 to 50" }] });
    const unknown = mapSharedParams(["flux-dev", "flux-schnell"], { prompt: "p", raw: true });
    expect(!unknown.ok && unknown.issues.map((i) => i.path)).toEqual(["params.raw"]);
    const noPrompt = mapSharedParams(["flux-dev", "flux-schnell"], {});
    expect(!noPrompt.ok && noPrompt.issues.map((i) => `${i.path} ${i.message}`)).toEqual(["params.prompt FLUX.1 [dev]: Prompt is required", "params.prompt FLUX.1 [schnell]: Prompt is required"]);
  });
});

describe("votes on the boards", () => {
  const crossVote = { candidates: ["fal@flux-dev", "replicate@flux-dev", "fal@flux-schnell"], model: "flux-dev" };

  it("a one-model vote counts as cast on its model's board and as pairs across models", () => {
    const vote = { candidates: ["bfl", "fal"], winner: "fal", model: "flux-pro-1.1" };
    expect(voteForModel(vote, "flux-pro-1.1")).toEqual({ candidates: ["bfl", "fal"], winner: "fal", at: undefined });
    expect(voteForModel(vote, "flux-dev")).toBeNull();
    expect(pairVote(vote)).toEqual({ candidates: ["bfl@flux-pro-1.1", "fal@flux-pro-1.1"], winner: "fal@flux-pro-1.1", at: undefined });
  });

  it("a cross-model vote counts on a model's board when its winner is of that model, or it was a tie", () => {
    expect(voteForModel({ ...crossVote, winner: "replicate@flux-dev" }, "flux-dev")).toEqual({ candidates: ["fal", "replicate"], winner: "replicate", at: undefined });
    expect(voteForModel({ ...crossVote, winner: null }, "flux-dev")).toEqual({ candidates: ["fal", "replicate"], winner: null, at: undefined });
    // Another model's image won: nothing is known of how fal and replicate compare on flux-dev.
    expect(voteForModel({ ...crossVote, winner: "fal@flux-schnell" }, "flux-dev")).toBeNull();
    // One flux-schnell cell: no pair of that model's hosts to rate.
    expect(voteForModel({ ...crossVote, winner: "fal@flux-schnell" }, "flux-schnell")).toBeNull();
  });

  it("ratings rank host × model pairs: a pair that keeps winning rises above the others", () => {
    const votes = [
      { ...crossVote, winner: "fal@flux-schnell" },
      { ...crossVote, winner: "fal@flux-schnell" },
      { ...crossVote, winner: "replicate@flux-dev" },
      { candidates: ["fal", "replicate"], winner: "fal", model: "flux-dev" },
    ].map(pairVote);
    const ratings = bradleyTerry(votes);
    expect(ratings.map((r) => r.host)).toEqual(["fal@flux-schnell", "replicate@flux-dev", "fal@flux-dev"]);
    expect(ratings[0]).toMatchObject({ votes: 3, wins: 2, losses: 1 });
    expect(ratings.find((r) => r.host === "fal@flux-dev")).toMatchObject({ votes: 4, wins: 1, losses: 3 });
  });
});
