import { listProviders } from "@/lib/providers/registry";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ providers: listProviders() });
}
