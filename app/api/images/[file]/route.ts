import { currentUser } from "@/lib/auth/current-user";
import { imageFileVisibleTo } from "@/lib/db/queries";
import { env, isTeamMode } from "@/lib/env";
import { AppError, route } from "@/lib/errors";
import { readStoredFile } from "@/lib/storage/image-store";

const FILE_PATTERN = /^([0-9a-f]{64})\.(jpeg|png|webp|thumb\.webp)$/;

/**
 * Our copies of generated images: content-addressed, so cached forever. In team mode a file is
 * served to its owner, or to anyone while an active share shows it; to others it does not exist.
 */
export const GET = route(async (request: Request, { params }: { params: Promise<{ file: string }> }) => {
  const { file } = await params;
  const missing = new AppError("not_found:image", `No image ${file}`);
  const match = FILE_PATTERN.exec(file);
  if (!match) throw missing;
  const [, sha256, ext] = match;
  const team = isTeamMode();
  if (team && !(await imageFileVisibleTo(sha256, (await currentUser())?.id ?? null))) throw missing;
  const thumb = ext === "thumb.webp";
  const stored = await readStoredFile(sha256, thumb ? "thumb" : "original", thumb ? undefined : ext, { dir: env().DATA_DIR });
  if (!stored) throw missing;
  const download = new URL(request.url).searchParams.has("download");
  return new Response(new Uint8Array(stored.buffer), {
    headers: {
      "Content-Type": stored.contentType,
      "Content-Length": String(stored.buffer.length),
      // Team mode: a browser may keep it, a shared cache must not hand it to someone else.
      "Cache-Control": `${team ? "private" : "public"}, max-age=31536000, immutable`,
      ...(download ? { "Content-Disposition": `attachment; filename="flux-${sha256.slice(0, 12)}.${thumb ? "webp" : ext === "jpeg" ? "jpg" : ext}"` } : {}),
    },
  });
});
