import type { ReactNode } from "react";
import { connection } from "next/server";
import { UserMenu } from "@/components/account/user-menu";
import { requirePageUser } from "@/lib/auth/current-user";

/** Every page of the app proper: signed in (team mode) or the local user; team mode adds the account menu. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  await connection(); // who is asking is known at request time, never at build time
  const user = await requirePageUser();
  return (
    <>
      {user.via === "local" ? null : <UserMenu user={user} />}
      {children}
    </>
  );
}
