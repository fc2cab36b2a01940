import { z } from "zod";
import { toFieldIssues, type FieldIssue } from "@/lib/models";
import { parseInput } from "./input";

/** What a server action answers when its arguments are not what its page sends. */
export interface InvalidArguments {
  ok: false;
  error: string;
  fieldErrors: FieldIssue[];
}

type Outputs<S extends readonly z.ZodType[]> = { -readonly [K in keyof S]: z.output<S[K]> };
type Inputs<S extends readonly z.ZodType[]> = { -readonly [K in keyof S]: z.input<S[K]> };

/**
 * A server action whose arguments are checked before it runs. Anyone can call an action with any
 * JSON-like arguments (an object where an id goes, too many arguments), so each positional argument
 * has a schema, and a bad call gets `{ ok: false, error, fieldErrors }` naming the argument instead of
 * a throw (a 500). Objects a service validates itself are passed as `z.unknown()`.
 */
export function validatedAction<const S extends readonly z.ZodType[], R>(names: { [K in keyof S]: string }, schemas: S, run: (...args: Outputs<S>) => Promise<R>) {
  return async (...raw: Inputs<S>): Promise<R | InvalidArguments> => {
    const args: unknown[] = raw;
    if (args.length > schemas.length) return invalid([{ path: "", message: `Expected at most ${schemas.length} argument(s), got ${args.length}` }]);
    const parsed: unknown[] = [];
    for (const [index, schema] of schemas.entries()) {
      const result = parseInput(schema, args[index]);
      if (!result.success) return invalid(toFieldIssues(result.error, names[index]));
      parsed.push(result.data);
    }
    return run(...(parsed as Outputs<S>));
  };
}

function invalid(fieldErrors: FieldIssue[]): InvalidArguments {
  const first = fieldErrors[0];
  return { ok: false, error: first.path ? `${first.path}: ${first.message}` : first.message, fieldErrors };
}

/** A row's id as an action receives it: text, not blank, of a sane length. */
export const idArgument = (what: string) =>
  z
    .string({ error: `${what} id must be text` })
    .trim()
    .min(1, { error: `${what} id is required` })
    .max(200, { error: `${what} id is at most 200 characters` });

/**
 * An argument the service parses itself with its own schema (the same one its API route uses):
 * passed through untouched here, typed for the page that calls the action.
 */
export const checkedByService = <T>() => z.custom<T>(() => true);
