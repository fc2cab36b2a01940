import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import type { SignedInUser } from "@/lib/auth/identity";

const itemClass = "block w-full rounded px-3 py-1.5 text-left text-sm text-zinc-200 hover:bg-zinc-800 focus-visible:outline-2 focus-visible:outline-amber-400";

/** Team mode's account strip: who is signed in, their keys, tokens and limits, and sign-out. */
export function UserMenu({ user }: { user: SignedInUser }) {
  const label = user.name ?? user.email ?? "Account";
  return (
    <div className="border-b border-zinc-900 bg-zinc-950">
      <div className="mx-auto flex max-w-[1800px] justify-end px-4 py-1">
        <details data-testid="user-menu" className="relative">
          <summary className="cursor-pointer list-none rounded-md px-2 py-0.5 text-xs text-zinc-400 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400">
            Signed in as <span data-testid="user-name" className="font-medium text-zinc-200">{label}</span> ▾
          </summary>
          <div className="absolute right-0 z-50 mt-1 w-56 rounded-md border border-zinc-800 bg-zinc-900 p-1 shadow-xl">
            {user.email && user.name ? <p className="truncate px-3 py-1 text-xs text-zinc-500">{user.email}</p> : null}
            <Link href="/keys" data-testid="keys-link" className={itemClass}>
              Host keys
            </Link>
            <Link href="/tokens" data-testid="tokens-link" className={itemClass}>
              API tokens
            </Link>
            {user.isAdmin ? (
              <Link href="/admin" data-testid="admin-link" className={itemClass}>
                Users and limits
              </Link>
            ) : null}
            <form action={signOutAction}>
              <button type="submit" data-testid="sign-out" className={itemClass}>
                Sign out
              </button>
            </form>
          </div>
        </details>
      </div>
    </div>
  );
}
