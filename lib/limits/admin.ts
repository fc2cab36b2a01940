import { z } from "zod";
import { upsertUserLimits, usersWithLimits } from "@/lib/db/limits";
import type { SignedInUser } from "@/lib/auth/identity";
import { toFieldIssues, type FieldIssue } from "@/lib/models";
import { effectiveLimits, utcDayStart, type Limits } from "./rules";
import { serverDefaultLimits } from "./service";
import { parseInput } from "@/lib/validation/input";

/** Admins (AUTH_ADMIN_EMAILS; the local user in local mode) set each user's budget and rate limit. */

export const userLimitsInput = z
  .object({
    dailyBudgetUsd: z
      .number({ error: "dailyBudgetUsd must be a number of dollars, or null for the server's default" })
      .min(0, { error: "dailyBudgetUsd must be 0 or more (0 forbids live runs)" })
      .max(1_000_000, { error: "dailyBudgetUsd must be at most 1000000" })
      .nullable(),
    rateLimitPerMinute: z
      .number({ error: "rateLimitPerMinute must be a whole number, or null for the server's default" })
      .int({ error: "rateLimitPerMinute must be a whole number" })
      .min(0, { error: "rateLimitPerMinute must be 0 or more" })
      .max(1_000_000, { error: "rateLimitPerMinute must be at most 1000000" })
      .nullable(),
  })
  .strict();
export type UserLimitsInput = z.input<typeof userLimitsInput>;

export interface AdminUserDto {
  id: string;
  name: string | null;
  email: string | null;
  createdAt: string;
  /** The user's overrides: null means the server's default. */
  limits: Limits;
  /** What applies: the override, else the default (null: no limit). */
  effective: Limits;
  /** Since 00:00 UTC: estimated cost of live runs, and runs started (sandbox too). */
  today: { liveUsd: number; runs: number };
}

export type AdminFailure = { ok: false; status: 400 | 403 | 404; message: string; issues?: FieldIssue[] };

const notAdmin: AdminFailure = { ok: false, status: 403, message: "Only administrators (AUTH_ADMIN_EMAILS) may see users and their limits" };

async function entries(userId?: string): Promise<AdminUserDto[]> {
  const defaults = serverDefaultLimits();
  const rows = await usersWithLimits(utcDayStart(new Date()), userId);
  return rows.map((row) => {
    const limits = { dailyBudgetUsd: row.dailyBudgetUsd, rateLimitPerMinute: row.rateLimitPerMinute };
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      createdAt: row.createdAt.toISOString(),
      limits,
      effective: effectiveLimits(defaults, limits),
      today: { liveUsd: Number(row.liveUsdToday), runs: Number(row.runsToday) },
    };
  });
}

/** Every user with their limits and today's use; 403 for anyone but an admin. */
export async function listUsersForAdmin(admin: SignedInUser): Promise<{ ok: true; users: AdminUserDto[] } | AdminFailure> {
  if (!admin.isAdmin) return notAdmin;
  return { ok: true, users: await entries() };
}

/**
 * Sets one user's overrides (both fields; null: the server's default). A non-admin gets the same
 * 404 as an unknown id: user ids leak nothing.
 */
export async function setUserLimits(admin: SignedInUser, userId: string, raw: unknown): Promise<{ ok: true; user: AdminUserDto } | AdminFailure> {
  const notFound: AdminFailure = { ok: false, status: 404, message: `No user ${userId}` };
  if (!admin.isAdmin) return notFound;
  const input = parseInput(userLimitsInput, raw);
  if (!input.success) {
    const issues = toFieldIssues(input.error);
    return { ok: false, status: 400, message: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "), issues };
  }
  if ((await entries(userId)).length === 0) return notFound;
  await upsertUserLimits(userId, input.data, admin.id);
  return { ok: true, user: (await entries(userId))[0] };
}
