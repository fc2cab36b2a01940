import { describe, expect, it } from "vitest";
import { defaultParams } from "@/lib/models";
import { formFromQuery } from "@/lib/models/form-query";

describe("the playground form as a native submit sends it (before hydration)", () => {
  it("is no submission without a prompt field", () => {
    expect(formFromQuery({})).toBeNull();
    expect(formFromQuery({ share: "abc" })).toBeNull();
  });

  it("gives back every field typed as the schema types it", () => {
    const form = formFromQuery({
      model: "flux-pro-1.1",
      provider: "fal",
      prompt: "a kite over dunes",
      width: "512",
      height: "768",
      seed: "42",
      num_images: "3",
      safety_tolerance: "5",
      prompt_upsampling: "on",
      output_format: "png",
      image_prompt: "",
      failover: "",
    });
    expect(form).toEqual({
      model: "flux-pro-1.1",
      provider: "fal",
      params: { prompt: "a kite over dunes", width: 512, height: 768, seed: 42, num_images: 3, safety_tolerance: 5, prompt_upsampling: true, output_format: "png" },
    });
  });

  it("reads an empty box as the default, an absent checkbox as off, and a refused value as the default", () => {
    const form = formFromQuery({ prompt: "x", width: "", height: "700", seed: "", safety_tolerance: "9" });
    expect(form?.model).toBe("flux-pro-1.1");
    expect(form?.provider).toBe("");
    expect(form?.params).toEqual({ ...defaultParams("flux-pro-1.1"), prompt: "x", prompt_upsampling: false });
  });

  it("keeps the other model's own fields", () => {
    const form = formFromQuery({ model: "flux-pro-1.1-ultra", prompt: "y", aspect_ratio: "21:9", raw: "on" });
    expect(form?.model).toBe("flux-pro-1.1-ultra");
    expect(form?.params).toMatchObject({ prompt: "y", aspect_ratio: "21:9", raw: true });
  });
});
