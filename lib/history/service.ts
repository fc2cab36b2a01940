import { z } from "zod";
import { invalid } from "@/lib/jobs/service";
import type { ImageDto } from "@/lib/jobs/types";
import { toFieldIssues, type FieldIssue } from "@/lib/models";
import { deleteFromHistory, HistoryTargetError, restoreToHistory, setFavorite } from "./mutations";
import type { DeleteResult, HistoryTargets, RestoreResult } from "./types";
import { parseInput } from "@/lib/validation/input";

/** The verbs of the history (favourite, delete, restore), validated once for the server actions and the JSON API. */

export const MAX_TARGETS = 5_000;

const ids = (name: string) =>
  z
    .array(z.string({ error: `${name} must hold strings` }).trim().min(1, { error: `${name} must not hold empty ids` }).max(200), { error: `${name} must be a list of ids` })
    .max(MAX_TARGETS, { error: `${name}: at most ${MAX_TARGETS} ids at once` })
    .optional();

const targetFields = { imageIds: ids("imageIds"), generationIds: ids("generationIds"), comparisonIds: ids("comparisonIds") };
const namesSomething = (t: HistoryTargets) => (t.imageIds?.length ?? 0) + (t.generationIds?.length ?? 0) + (t.comparisonIds?.length ?? 0) > 0;
const nothingNamed = { path: ["imageIds"], message: "Name at least one id in imageIds, generationIds or comparisonIds" };

const targetsInput = z.object(targetFields).strict().refine(namesSomething, nothingNamed);
const deleteInput = z
  .object({ ...targetFields, includeFavorites: z.boolean({ error: "includeFavorites must be true or false" }).optional() })
  .strict()
  .refine(namesSomething, nothingNamed);

const favoriteInput = z.object({ favorite: z.boolean({ error: "favorite must be true or false" }) }).strict();

type Failure = { ok: false; status: 400 | 404; message: string; issues: FieldIssue[] };
const badInput = (error: z.ZodError): Failure => ({ status: 400, ...invalid(toFieldIssues(error)) });

export async function deleteHistoryItems(raw: unknown, userId: string): Promise<{ ok: true; result: DeleteResult } | Failure> {
  const input = parseInput(deleteInput, raw);
  if (!input.success) return badInput(input.error);
  const { includeFavorites, ...targets } = input.data;
  try {
    return { ok: true, result: await deleteFromHistory(userId, targets, { includeFavorites }) };
  } catch (error) {
    if (error instanceof HistoryTargetError) return { status: 400, ...invalid([{ path: error.path, message: error.message }]) };
    throw error;
  }
}

export async function restoreHistoryItems(raw: unknown, userId: string): Promise<{ ok: true; result: RestoreResult } | Failure> {
  const input = parseInput(targetsInput, raw);
  if (!input.success) return badInput(input.error);
  return { ok: true, result: await restoreToHistory(userId, input.data) };
}

export async function favoriteImage(imageId: unknown, raw: unknown, userId: string): Promise<{ ok: true; image: ImageDto } | Failure> {
  if (typeof imageId !== "string" || !imageId) return { status: 400, ...invalid([{ path: "imageId", message: "An image id is required" }]) };
  const input = parseInput(favoriteInput, raw);
  if (!input.success) return badInput(input.error);
  const image = await setFavorite(userId, imageId, input.data.favorite);
  return image ? { ok: true, image } : { ok: false, status: 404, message: `No image ${imageId} in your history`, issues: [{ path: "imageId", message: "unknown or deleted" }] };
}
