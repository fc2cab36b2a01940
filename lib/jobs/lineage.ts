import { imagesOf } from "@/lib/db/queries";
import { editsOf, newestOwnImageOfFile, ownImage, parentImagesOf } from "@/lib/db/lineage";
import type { Generation, ImageRow } from "@/lib/db/schema";
import type { FieldIssue } from "@/lib/models";
import { STORED_IMAGE_PATTERN } from "@/lib/models/fields";
import { imageUrls } from "./dto";
import type { GenerationDto, LineageLink } from "./types";

/**
 * Edit lineage (FLUX.1 Kontext): a run records the image it edited (generations.parent_image_id), so
 * a chain of edits can be walked both ways: a run's parent, and the runs that edited its images.
 */

export type LineageOf = Pick<GenerationDto, "parent" | "children">;
export type Lineage = Map<string, LineageOf>;

export const NO_LINEAGE: LineageOf = { parent: null, children: [] };

const promptOf = (row: Generation) => (typeof row.params.prompt === "string" ? row.params.prompt : "");

function link(row: Generation, image: ImageRow | undefined): LineageLink {
  return {
    generationId: row.id,
    imageId: image?.id ?? null,
    model: row.model,
    provider: row.provider,
    prompt: promptOf(row),
    thumbUrl: image ? imageUrls(image.sha256, image.ext).thumbUrl : null,
  };
}

/** Parent and children of each run, as `viewerId` may see them (their own rows, none deleted). */
export async function lineageOf(rows: Generation[], viewerId: string): Promise<Lineage> {
  const parentIds = [...new Set(rows.flatMap((r) => (r.parentImageId ? [r.parentImageId] : [])))];
  const [parents, edits] = await Promise.all([parentImagesOf(parentIds, viewerId), editsOf(rows.map((r) => r.id), viewerId)]);
  // A child's face is its first image still shown.
  const childImages = await imagesOf(edits.map((e) => e.child.id));
  const firstImage = (generationId: string) => childImages.find((i) => i.generationId === generationId && !i.deletedAt);
  return new Map(
    rows.map((row) => {
      const parent = parents.find((p) => p.image.id === row.parentImageId);
      const children = edits
        .filter((e) => e.fromImage.generationId === row.id)
        .map((e) => ({ ...link(e.child, firstImage(e.child.id)), fromImageId: e.fromImage.id }));
      return [row.id, { parent: parent ? link(parent.generation, parent.image) : null, children }];
    }),
  );
}

export const PARENT_IMAGE_REFUSED = "parentImageId must be the id of one of your images";

/**
 * The image a new run edits: the one named (which must be the user's own; someone else's and none
 * are refused with the same words), else the newest of the user's result images stored as the run's
 * `input_image`, so API users who pass an image URL of ours get lineage too; else none.
 */
export async function parentImageFor(
  named: string | undefined,
  params: object,
  userId: string,
): Promise<{ ok: true; parentImageId: string | null } | { ok: false; issues: FieldIssue[] }> {
  if (named !== undefined) {
    const own = await ownImage(named, userId);
    return own ? { ok: true, parentImageId: own.id } : { ok: false, issues: [{ path: "parentImageId", message: PARENT_IMAGE_REFUSED }] };
  }
  const input = (params as { input_image?: unknown }).input_image;
  const stored = typeof input === "string" ? STORED_IMAGE_PATTERN.exec(input) : null;
  return { ok: true, parentImageId: stored ? await newestOwnImageOfFile(stored[1], userId) : null };
}

/** An image of the user's to edit (`/?edit=<imageId>`): its id and stored URL, or null. */
export async function editSourceOf(imageId: string, userId: string): Promise<{ imageId: string; url: string } | null> {
  const image = await ownImage(imageId, userId);
  return image ? { imageId: image.id, url: imageUrls(image.sha256, image.ext).url } : null;
}
