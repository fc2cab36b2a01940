import { AppError } from "@/lib/errors";
import { sandboxFor } from "@/lib/sandbox";
import { sandboxAdmits } from "@/lib/sandbox/access";
import { readBoundedRequest } from "@/lib/sandbox/body";

export const dynamic = "force-dynamic";

// Optional catch-all: Runware's API is a POST to its base URL itself.
type Context = { params: Promise<{ provider: string; path?: string[] }> };

/** Each host's emulator, at /api/sandbox/<host>/..., standing for that host's base URL. */
async function handle(request: Request, { params }: Context) {
  const { provider, path = [] } = await params;
  const sandbox = sandboxFor(provider);
  if (!sandbox) return new AppError("not_found:api", `No sandbox for host ${provider}`).toResponse();
  if (!sandboxAdmits(request)) return new AppError("forbidden:api", "In team mode this sandbox host takes runs from this server only").toResponse();
  const bounded = await readBoundedRequest(request);
  if (bounded instanceof Response) return bounded;
  const url = new URL(request.url);
  const baseUrl = `${url.origin}/api/sandbox/${provider}`;
  return sandbox(bounded, path, baseUrl);
}

export { handle as GET, handle as POST, handle as PUT, handle as DELETE, handle as PATCH };
