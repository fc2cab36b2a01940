import { apiError } from "@/lib/api/respond";
import { env } from "@/lib/env";
import { readStoredFile } from "@/lib/storage/image-store";

const FILE_PATTERN = /^([0-9a-f]{64})\.(jpeg|png|webp|thumb\.webp)$/;

/** Our copies of generated images: content-addressed, so cached forever. */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const match = FILE_PATTERN.exec(file);
  if (!match) return apiError(404, "not_found", `No image ${file}`);
  const [, sha256, ext] = match;
  const thumb = ext === "thumb.webp";
  const stored = await readStoredFile(sha256, thumb ? "thumb" : "original", thumb ? undefined : ext, { dir: env().DATA_DIR });
  if (!stored) return apiError(404, "not_found", `No image ${file}`);
  const download = new URL(request.url).searchParams.has("download");
  return new Response(new Uint8Array(stored.buffer), {
    headers: {
      "Content-Type": stored.contentType,
      "Content-Length": String(stored.buffer.length),
      "Cache-Control": "public, max-age=31536000, immutable",
      ...(download ? { "Content-Disposition": `attachment; filename="flux-${sha256.slice(0, 12)}.${thumb ? "webp" : ext === "jpeg" ? "jpg" : ext}"` } : {}),
    },
  });
}
