import { randomBytes } from "node:crypto";
import { nanoid } from "nanoid";
import { z } from "zod";
import { apiTokensOf, deleteApiToken, insertApiToken } from "@/lib/db/tokens";
import { toFieldIssues, type FieldIssue } from "@/lib/models";
import { hashToken, TOKEN_PREFIX, type SignedInUser } from "./identity";
import { parseInput } from "@/lib/validation/input";

/** Personal API tokens: made with a signed-in session, shown once, kept only as their SHA-256. */

export const tokenNameInput = z
  .object({
    name: z
      .string({ error: "name is required: say what the token is for (e.g. \"CI\")" })
      .trim()
      .min(1, { error: "name must not be empty" })
      .max(100, { error: "name must be at most 100 characters" }),
  })
  .strict();

export interface ApiTokenDto {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The answer to a new token: the only time its secret is ever shown. */
export interface NewApiTokenDto {
  id: string;
  name: string;
  token: string;
  createdAt: string;
}

export type TokenFailure = { ok: false; status: 400 | 403; message: string; issues?: FieldIssue[] };

/** 32 random bytes behind a prefix that says what it is (and lets secret scanners find it). */
export const mintToken = () => `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;

export async function createApiToken(user: SignedInUser, raw: unknown): Promise<{ ok: true; token: NewApiTokenDto } | TokenFailure> {
  // A leaked token must not be able to mint its own replacements.
  if (user.via === "token") {
    return { ok: false, status: 403, message: "A personal API token cannot make tokens: sign in, then use the Tokens page (or POST /api/v1/tokens with the session)" };
  }
  const input = parseInput(tokenNameInput, raw);
  if (!input.success) {
    const issues = toFieldIssues(input.error);
    return { ok: false, status: 400, message: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "), issues };
  }
  const token = mintToken();
  const row = await insertApiToken({ id: nanoid(16), userId: user.id, name: input.data.name, tokenHash: hashToken(token), createdAt: new Date() });
  return { ok: true, token: { id: row.id, name: row.name, token, createdAt: row.createdAt.toISOString() } };
}

export async function listApiTokens(userId: string): Promise<ApiTokenDto[]> {
  return (await apiTokensOf(userId)).map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null }));
}

/** Revokes the owner's token: refused from the next request on, on every instance. */
export const revokeApiToken = (userId: string, id: string) => deleteApiToken(id, userId);
