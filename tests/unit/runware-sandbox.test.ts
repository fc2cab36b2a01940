import { describe, expect, it } from "vitest";
import { resultStates } from "@/lib/sandbox/runware";
import { validateImageInference } from "@/lib/sandbox/runware/validation";

const UUID = "0b6f4e4c-7a51-4c3e-9d1a-5f2d3c4b5a69";
const task = (fault: string | null = null, numberResults = 3) => ({ id: UUID, createdAt: 1000, latencyMs: 3000, numberResults, fault });
const states = (at: number, fault: string | null = null, n = 3) => resultStates(task(fault, n), 1000 + at).map((s) => (s.state === "processing" ? s.progress : s.state));

describe("the Runware sandbox's async lifecycle", () => {
  it("results trickle in one after another, with whole-percent progress", () => {
    expect(states(0)).toEqual([0, 0, 0]);
    expect(states(500)).toEqual([50, 25, 16]);
    expect(states(1000)).toEqual(["success", 50, 33]);
    expect(states(2000)).toEqual(["success", "success", 66]);
    expect(states(3000)).toEqual(["success", "success", "success"]);
  });

  it("progress stays below 100 until a result succeeds", () => {
    expect(states(2999, null, 1)).toEqual([99]);
  });

  it.each([
    ["moderated", "providerContentPolicyViolation", "both"],
    ["error", "inferenceError", "item"],
    ["provider_timeout", "timeoutProvider", "top"],
  ])("an injected %s fails result 0 at the full latency (%s, reported %s)", (fault, code, placement) => {
    expect(states(2000, fault)).toEqual([66, "success", 66]);
    const [first, ...rest] = resultStates(task(fault), 4000);
    expect(first).toEqual({ state: "error", error: expect.objectContaining({ code, taskUUID: UUID }), placement });
    expect(rest.map((s) => s.state)).toEqual(["success", "success"]);
  });

  it("a hung task never finishes", () => {
    expect(states(10 ** 9, "hang", 2)).toEqual([50, 50]);
  });
});

describe("the Runware sandbox's validation", () => {
  const valid = { taskType: "imageInference", taskUUID: UUID, model: "bfl:2@1", positivePrompt: "a cat", width: 1024, height: 768 };
  const check = (patch: Record<string, unknown>) => validateImageInference({ ...valid, ...patch });

  it("accepts a complete task, and both models' sizes", () => {
    expect(check({})).toBeNull();
    expect(check({ model: "bfl:2@2", width: 1344, height: 3136, providerSettings: { bfl: { raw: true, safetyTolerance: 6, promptUpsampling: false } } })).toBeNull();
    expect(check({ width: undefined, height: undefined })).toBeNull();
    expect(check({ outputType: ["URL", "dataURI"], outputFormat: "WEBP", seed: 1, numberResults: 20, ttl: 60, deliveryMethod: "async" })).toBeNull();
  });

  it("accepts FLUX.1 [dev] and [schnell] tasks with steps, CFGScale and the content check", () => {
    expect(check({ model: "runware:101@1", steps: 50, CFGScale: 3.5, safety: { checkContent: true } })).toBeNull();
    expect(check({ model: "runware:100@1", steps: 4, safety: { checkContent: false } })).toBeNull();
  });

  it.each([
    [{ model: "runware:101@1", width: undefined, height: undefined }, "missingWidth", "width"],
    [{ model: "runware:101@1", steps: 0 }, "invalidSteps", "steps"],
    [{ model: "runware:101@1", CFGScale: 51 }, "invalidCFGScale", "CFGScale"],
    [{ model: "runware:100@1", safety: { checkContent: "yes" } }, "invalidSafety", "safety"],
    [{ model: "runware:100@1", providerSettings: { bfl: { safetyTolerance: 2 } } }, "unsupportedParameter", "providerSettings.bfl"],
    [{ steps: 28 }, "unknownParameter", "steps"],
  ])("refuses the FLUX.1 task %j with %s on %s", (patch, code, parameter) => {
    expect(check(patch)).toMatchObject({ code, parameter });
  });

  it.each([
    [{ taskUUID: "8c1f5d8e-1111-1aaa-9bbb-000000000001" }, "invalidTaskUUID", "taskUUID"],
    [{ model: "toString" }, "invalidModel", "model"],
    [{ model: undefined }, "missingModel", "model"],
    [{ positivePrompt: undefined }, "missingPositivePrompt", "positivePrompt"],
    [{ positivePrompt: "x".repeat(3001) }, "invalidPositivePrompt", "positivePrompt"],
    [{ width: 224 }, "invalidWidth", "width"],
    [{ height: 1472 }, "invalidHeight", "height"],
    [{ width: undefined }, "missingWidth", "width"],
    [{ model: "bfl:2@2", width: 1024, height: 768 }, "unsupportedDimensions", "width"],
    [{ numberResults: 0 }, "invalidNumberResults", "numberResults"],
    [{ seed: 0 }, "invalidSeed", "seed"],
    [{ seed: 1.5 }, "invalidSeed", "seed"],
    [{ outputType: "url" }, "invalidOutputType", "outputType"],
    [{ outputFormat: "png" }, "invalidOutputFormat", "outputFormat"],
    [{ outputQuality: 100 }, "invalidOutputQuality", "outputQuality"],
    [{ deliveryMethod: "stream" }, "invalidDeliveryMethod", "deliveryMethod"],
    [{ ttl: 30 }, "invalidTtl", "ttl"],
    [{ providerSettings: { openai: {} } }, "mismatchProviderSettingsProvider", "providerSettings.openai"],
    [{ providerSettings: { bfl: { safetyTolerance: 7 } } }, "invalidProviderSettings", "providerSettings.bfl.safetyTolerance"],
    [{ providerSettings: { bfl: { prompt_upsampling: true } } }, "unknownParameter", "providerSettings.bfl.prompt_upsampling"],
    [{ providerSettings: { bfl: { raw: true } } }, "unsupportedParameter", "providerSettings.bfl.raw"],
    [{ num_images: 2 }, "unknownParameter", "num_images"],
  ])("%j is refused as %s on %s", (patch, code, parameter) => {
    expect(check(patch)).toMatchObject({ code, parameter, taskType: "imageInference", message: expect.any(String) });
  });

  it("links the documentation of the parameter", () => {
    expect(check({ model: "bfl:2@2", width: 1, height: 1 })!.documentation).toBe("https://runware.ai/docs/models/bfl-flux-1-1-pro-ultra#request-width");
  });
});
