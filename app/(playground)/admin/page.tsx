import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { AdminUsers } from "@/components/account/admin-users";
import { requirePageUser } from "@/lib/auth/current-user";
import { listUsersForAdmin } from "@/lib/limits/admin";
import { serverDefaultLimits } from "@/lib/limits/service";

export const metadata: Metadata = {
  title: "Users and limits · FLUX Playground",
  description: "Each user's daily budget and rate limit, and what they used today.",
};

export default async function AdminPage() {
  await connection();
  const result = await listUsersForAdmin(await requirePageUser());
  // Like any id of someone else's: the page does not exist for non-admins.
  if (!result.ok) notFound();
  return <AdminUsers initial={result.users} defaults={serverDefaultLimits()} />;
}
