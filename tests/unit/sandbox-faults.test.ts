import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseFaultSpec, takeFault } from "@/lib/sandbox/faults";

/** Counters are process-wide (keyed by the whole spec): give each test its own `#key`. */
const unique = (spec: string) => `${spec}#${randomUUID()}`;

describe("parseFaultSpec", () => {
  it.each<[string | null | undefined, { name: string; times: number | null; value?: number }[]]>([
    ["", []],
    ["   ", []],
    [null, []],
    [undefined, []],
    ["rate_limit", [{ name: "rate_limit", times: null }]],
    ["rate_limit*2", [{ name: "rate_limit", times: 2 }]],
    ["rate_limit*2#k1", [{ name: "rate_limit", times: 2 }]],
    ["poll_500*1,content_moderated", [{ name: "poll_500", times: 1 }, { name: "content_moderated", times: null }]],
    [" poll_500*1 , content_moderated ,", [{ name: "poll_500", times: 1 }, { name: "content_moderated", times: null }]],
    ["rate_limit*0", [{ name: "rate_limit", times: null }]],
    ["rate_limit*x", [{ name: "rate_limit", times: null }]],
    ["#only-a-key", []],
    ["hold_submit=3000", [{ name: "hold_submit", times: null, value: 3000 }]],
    ["hold_poll=500*2#k", [{ name: "hold_poll", times: 2, value: 500 }]],
    ["hold_poll=-5,hold_download=x", [{ name: "hold_poll", times: null }, { name: "hold_download", times: null }]],
  ])("%j -> %j", (raw, faults) => {
    expect(parseFaultSpec(raw).faults).toEqual(faults.map((f) => ({ value: null, ...f })));
  });

  it("keys counters by the whole spec, including the #key", () => {
    expect(parseFaultSpec("rate_limit*1#a").key).toBe("rate_limit*1#a");
    expect(parseFaultSpec("rate_limit*1#a").key).not.toBe(parseFaultSpec("rate_limit*1#b").key);
  });
});

describe("takeFault", () => {
  it("an unlimited fault fires every time", () => {
    const spec = parseFaultSpec(unique("rate_limit"));
    for (let i = 0; i < 5; i++) expect(takeFault(spec, ["rate_limit"])).toBe("rate_limit");
  });

  it("rate_limit*2 fires twice, then not", () => {
    const spec = parseFaultSpec(unique("rate_limit*2"));
    const fired = Array.from({ length: 4 }, () => takeFault(spec, ["rate_limit"]));
    expect(fired).toEqual(["rate_limit", "rate_limit", null, null]);
  });

  it("counts a limited spec across re-parses of the same string (each request parses its header)", () => {
    const raw = unique("rate_limit*2");
    expect(takeFault(parseFaultSpec(raw), ["rate_limit"])).toBe("rate_limit");
    expect(takeFault(parseFaultSpec(raw), ["rate_limit"])).toBe("rate_limit");
    expect(takeFault(parseFaultSpec(raw), ["rate_limit"])).toBeNull();
  });

  it("counters of different #keys are independent", () => {
    const id = randomUUID();
    const a = parseFaultSpec(`rate_limit*1#a-${id}`);
    const b = parseFaultSpec(`rate_limit*1#b-${id}`);
    expect(takeFault(a, ["rate_limit"])).toBe("rate_limit");
    expect(takeFault(a, ["rate_limit"])).toBeNull();
    expect(takeFault(b, ["rate_limit"])).toBe("rate_limit");
    expect(takeFault(b, ["rate_limit"])).toBeNull();
  });

  it("only fires faults the caller asks about, and does not use up a count otherwise", () => {
    const spec = parseFaultSpec(unique("poll_500*1,content_moderated"));
    expect(takeFault(spec, ["rate_limit"])).toBeNull();
    expect(takeFault(spec, ["content_moderated"])).toBe("content_moderated");
    expect(takeFault(spec, ["poll_500"])).toBe("poll_500");
    expect(takeFault(spec, ["poll_500"])).toBeNull();
    expect(takeFault(spec, ["content_moderated"])).toBe("content_moderated");
  });

  it("counts each fault of a list separately", () => {
    const spec = parseFaultSpec(unique("rate_limit*1,poll_500*1"));
    expect(takeFault(spec, ["rate_limit", "poll_500"])).toBe("rate_limit");
    expect(takeFault(spec, ["rate_limit", "poll_500"])).toBe("poll_500");
    expect(takeFault(spec, ["rate_limit", "poll_500"])).toBeNull();
  });

  it("an empty spec never fires", () => {
    const spec = parseFaultSpec("");
    expect(takeFault(spec, ["rate_limit", "poll_500", "content_moderated"])).toBeNull();
  });
});
