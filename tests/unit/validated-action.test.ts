import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkedByService, idArgument, validatedAction } from "@/lib/validation/action";

describe("validatedAction", () => {
  const calls: unknown[][] = [];
  const action = validatedAction(["id", "input"], [idArgument("A comparison"), checkedByService<{ seeds?: number[] }>()], async (id, input) => {
    calls.push([id, input]);
    return { ok: true as const, id };
  });

  it("runs with the parsed arguments (ids trimmed), passing service-checked ones untouched", async () => {
    const input = { seeds: [1], extra: "left for the service to refuse" };
    await expect(action(" c1 ", input)).resolves.toEqual({ ok: true, id: "c1" });
    expect(calls.at(-1)).toEqual(["c1", input]);
  });

  it("answers an object where an id goes with the argument named, without running", async () => {
    calls.length = 0;
    const forged = action as unknown as (...args: unknown[]) => Promise<unknown>;
    await expect(forged({ toString: false }, {})).resolves.toEqual({ ok: false, error: "id: A comparison id must be text", fieldErrors: [{ path: "id", message: "A comparison id must be text" }] });
    await expect(forged("   ")).resolves.toMatchObject({ ok: false, error: "id: A comparison id is required" });
    await expect(forged("x".repeat(201))).resolves.toMatchObject({ ok: false, error: "id: A comparison id is at most 200 characters" });
    await expect(forged("a\u0000b")).resolves.toMatchObject({ ok: false, fieldErrors: [{ path: "id" }] });
    expect(calls).toEqual([]);
  });

  it("refuses more arguments than the action takes", async () => {
    const forged = action as unknown as (...args: unknown[]) => Promise<unknown>;
    await expect(forged("c1", {}, "more")).resolves.toMatchObject({ ok: false, error: "Expected at most 2 argument(s), got 3" });
  });

  it("names the field inside an object argument", async () => {
    const keyed = validatedAction(["input"], [z.object({ provider: z.string({ error: "A host is required" }) })], async () => ({ ok: true as const }));
    await expect((keyed as unknown as (v: unknown) => Promise<unknown>)({ provider: 3 })).resolves.toMatchObject({ ok: false, error: "input.provider: A host is required" });
  });
});
