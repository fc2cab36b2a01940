"use server";

import { currentUser } from "@/lib/auth/current-user";
import { setUserLimits, type AdminUserDto } from "@/lib/limits/admin";
import { checkedByService, idArgument, validatedAction } from "@/lib/validation/action";

export type SetLimitsActionResult = { ok: true; user: AdminUserDto } | { ok: false; error: string; fieldErrors?: { path: string; message: string }[] };

/** "Save" on a user's row: the limits are validated by the service's schema, the admin checked there too. */
export const setUserLimitsAction = validatedAction(
  ["id", "limits"],
  [idArgument("A user"), checkedByService<{ dailyBudgetUsd: number | null; rateLimitPerMinute: number | null }>()],
  async (id, limits): Promise<SetLimitsActionResult> => {
    const user = await currentUser();
    if (!user) return { ok: false, error: "Sign in first" };
    const result = await setUserLimits(user, id, limits);
    return result.ok ? { ok: true, user: result.user } : { ok: false, error: result.message, fieldErrors: result.issues };
  },
);
