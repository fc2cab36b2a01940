import { route } from "@/lib/errors";
import { MODELS, modelJsonSchema } from "@/lib/models";

export const dynamic = "force-static";

export const GET = route(() =>
  Response.json({
    models: MODELS.map((m) => ({ id: m.id, name: m.name, description: m.description, parameters: modelJsonSchema(m.id) })),
  }),
);
