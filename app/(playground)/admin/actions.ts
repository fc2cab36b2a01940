"use server";

import { z } from "zod";
import { currentUser } from "@/lib/auth/current-user";
import { setUserLimits, type AdminUserDto } from "@/lib/limits/admin";

export type SetLimitsActionResult = { ok: true; user: AdminUserDto } | { ok: false; error: string; fieldErrors?: { path: string; message: string }[] };

const userId = z.string().trim().min(1, { error: "A user id is required" }).max(200);

/** "Save" on a user's row: the limits are validated by the service's schema, the admin checked there too. */
export async function setUserLimitsAction(id: string, limits: { dailyBudgetUsd: number | null; rateLimitPerMinute: number | null }): Promise<SetLimitsActionResult> {
  const parsed = userId.safeParse(id);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  const user = await currentUser();
  if (!user) return { ok: false, error: "Sign in first" };
  const result = await setUserLimits(user, parsed.data, limits);
  return result.ok ? { ok: true, user: result.user } : { ok: false, error: result.message, fieldErrors: result.issues };
}
