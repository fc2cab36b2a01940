import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { getDb } from "./client";
import { generations, images, type Generation, type ImageRow } from "./schema";

/**
 * The queries of edit lineage (generations.parent_image_id). Every one is scoped to one user: an
 * edit's parent must be the user's own image, and a lineage shows only the viewer's rows. Deleted
 * images and runs are never a parent, a child or a link.
 */

/** A visible image of the user's, in a visible run of theirs. */
const ownLiveImage = (userId: string) =>
  and(eq(images.userId, userId), eq(generations.userId, userId), isNull(images.deletedAt), isNull(generations.deletedAt));

/** The image when it is one of the user's (not deleted), else null: someone else's and none answer alike. */
export async function ownImage(imageId: string, userId: string): Promise<ImageRow | null> {
  const db = await getDb();
  const [row] = await db
    .select({ image: images })
    .from(images)
    .innerJoin(generations, eq(generations.id, images.generationId))
    .where(and(eq(images.id, imageId), ownLiveImage(userId)))
    .limit(1);
  return row?.image ?? null;
}

/** The newest of the user's result images stored as this file (sha256), or null. */
export async function newestOwnImageOfFile(sha256: string, userId: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db
    .select({ id: images.id })
    .from(images)
    .innerJoin(generations, eq(generations.id, images.generationId))
    .where(and(eq(images.sha256, sha256), ownLiveImage(userId)))
    .orderBy(desc(images.createdAt), desc(images.id))
    .limit(1);
  return row?.id ?? null;
}

/** These images with their runs, where the viewer may see them. */
export async function parentImagesOf(imageIds: string[], viewerId: string): Promise<{ image: ImageRow; generation: Generation }[]> {
  if (imageIds.length === 0) return [];
  const db = await getDb();
  return db
    .select({ image: images, generation: generations })
    .from(images)
    .innerJoin(generations, eq(generations.id, images.generationId))
    .where(and(inArray(images.id, imageIds), ownLiveImage(viewerId)));
}

/** The viewer's runs that edited an image of these runs, oldest first, with the image they edited. */
export async function editsOf(generationIds: string[], viewerId: string): Promise<{ child: Generation; fromImage: ImageRow }[]> {
  if (generationIds.length === 0) return [];
  const db = await getDb();
  return db
    .select({ child: generations, fromImage: images })
    .from(generations)
    .innerJoin(images, eq(images.id, generations.parentImageId))
    .where(and(inArray(images.generationId, generationIds), isNull(images.deletedAt), eq(generations.userId, viewerId), isNull(generations.deletedAt)))
    .orderBy(asc(generations.createdAt), asc(generations.id));
}
