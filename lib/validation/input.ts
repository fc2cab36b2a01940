import { z } from "zod";

/**
 * The rule every string a client sends obeys, wherever it lands: no NUL (PostgreSQL refuses it in
 * text, error 22021) and no lone UTF-16 surrogate (no character at all: it cannot be stored or
 * encoded faithfully). One walker checks a whole input, keys included, so no field can forget it.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string is not text we accept, or null when it is. */
export function unsafeTextReason(value: string): string | null {
  if (value.includes("\u0000")) return "must not contain a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(value)) return "must not contain a lone UTF-16 surrogate (not a character: check the text's encoding)";
  return null;
}

export interface TextIssue {
  path: (string | number)[];
  message: string;
}

// Deeper than any input of ours; a deeper one is refused by its schema anyway.
const MAX_DEPTH = 32;

/** Every string (and object key) of a JSON-like value that breaks the rule, with its path. */
export function unsafeTextIssues(value: unknown, path: (string | number)[] = [], depth = 0): TextIssue[] {
  if (typeof value === "string") {
    const reason = unsafeTextReason(value);
    return reason ? [{ path, message: `The text ${reason}` }] : [];
  }
  if (depth > MAX_DEPTH || value === null || typeof value !== "object") return [];
  const issues: TextIssue[] = [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const keyReason = typeof key === "string" ? unsafeTextReason(key) : null;
    if (keyReason) issues.push({ path: [...path, key], message: `The field name ${keyReason}` });
    else issues.push(...unsafeTextIssues(child, [...path, key], depth + 1));
    if (issues.length >= 20) break;
  }
  return issues;
}

/**
 * `schema.safeParse(raw)` behind the text rule: every service parses its input with this, so a
 * NUL or a lone surrogate anywhere is a 400 naming the field, never a database error.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.ZodSafeParseResult<z.output<S>> {
  const issues = unsafeTextIssues(raw);
  if (issues.length === 0) return schema.safeParse(raw) as z.ZodSafeParseResult<z.output<S>>;
  return { success: false, error: new z.ZodError(issues.map((i) => ({ code: "custom" as const, path: i.path, message: i.message, input: raw }))) as z.ZodError<z.output<S>> };
}
