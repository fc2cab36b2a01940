import type { HttpRequest } from "../../types";

/**
 * OpenAI's image edit as OpenAI-compatible hosts take it (Lumenfall's Kontext, PROVIDERS-MODELS.md §3):
 * `POST {base}/images/edits`, multipart/form-data, the image to edit a file part named `image` and
 * every other field a form field. The answer is the images answer of ./wire.
 */
export const IMAGES_EDIT_PATH = "/images/edits";

/** The edit request; `body.image` is the input image as a data: URL, sent as its file part (a list: `image[]` parts). */
export function imagesEditRequest(baseUrl: string, apiKey: string, body: Record<string, unknown> & { image: string | readonly string[] }): HttpRequest {
  return {
    method: "POST",
    url: `${baseUrl.replace(/\/$/, "")}${IMAGES_EDIT_PATH}`,
    // No Content-Type: the form's boundary goes with it when it is sent.
    headers: { Authorization: `Bearer ${apiKey}`, accept: "application/json" },
    body,
    multipart: { files: ["image"] },
  };
}
