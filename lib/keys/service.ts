import { z } from "zod";
import { deleteUserKey, getUserKey, upsertUserKey, userKeysOf } from "@/lib/db/key-queries";
import type { UserKey } from "@/lib/db/schema";
import { toFieldIssues, type FieldIssue } from "@/lib/models";
import { ProviderError } from "@/lib/providers/errors";
import { connect, getAdapter, listProviders, type ProviderConnection, type ProviderInfo, type UserKeyHints } from "@/lib/providers/registry";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/types";
import type { KeySource } from "@/lib/jobs/types";
import { decryptSecret, encryptSecret, keyAssociatedData, KeyDecryptionError } from "./encryption";
import { encryptionKey } from "./secret";
import { keyTextProblem } from "@/lib/security/key-text";
import { parseInput } from "@/lib/validation/input";

/**
 * "Bring your own key": each user's key per host, encrypted at rest, shown only as its last 4
 * characters, and the precedence a run follows: the user's key, else the server's (when shared),
 * else the host's sandbox.
 */

export const API_KEY_MAX_CHARS = 512;

export interface KeySummary {
  provider: ProviderId;
  last4: string;
  updatedAt: string;
}

export type KeyFailure = { ok: false; status: 400 | 404; message: string; issues?: FieldIssue[] };

const failure = (status: 400 | 404, message: string, issues?: FieldIssue[]): KeyFailure => ({ ok: false, status, message, ...(issues ? { issues } : {}) });

/** Why a string cannot be a host key, or null: the same rules as the server's own keys, and a length cap. */
export function apiKeyProblem(key: string): string | null {
  if (key.length > API_KEY_MAX_CHARS) return `apiKey is ${key.length} characters long; a host key has at most ${API_KEY_MAX_CHARS}`;
  return keyTextProblem(key, "apiKey");
}

export const setKeyInput = z
  .object({
    // Not trimmed: whitespace around a key is refused with the rule, like the server's own keys.
    apiKey: z
      .string({ error: "apiKey is required: the host's API key, as a string" })
      .superRefine((key, ctx) => {
        const problem = apiKeyProblem(key);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
  })
  .strict();

/** The host named in a URL, or a 404 naming the hosts there are. */
export function parseProviderId(raw: string): { ok: true; provider: ProviderId } | KeyFailure {
  if ((PROVIDER_IDS as readonly string[]).includes(raw)) return { ok: true, provider: raw as ProviderId };
  return failure(404, `No host "${raw.slice(0, 40)}": hosts are ${PROVIDER_IDS.join(", ")}`);
}

const summary = (row: UserKey): KeySummary => ({ provider: row.provider as ProviderId, last4: row.last4, updatedAt: row.updatedAt.toISOString() });

export async function setUserKey(userId: string, providerRaw: string, body: unknown): Promise<{ ok: true; key: KeySummary } | KeyFailure> {
  const provider = parseProviderId(providerRaw);
  if (!provider.ok) return provider;
  const input = parseInput(setKeyInput, body);
  if (!input.success) {
    const issues = toFieldIssues(input.error);
    return failure(400, issues.map((i) => i.message).join("; "), issues);
  }
  const { apiKey } = input.data;
  const ciphertext = encryptSecret(apiKey, keyAssociatedData(userId, provider.provider), await encryptionKey());
  const row = await upsertUserKey({ userId, provider: provider.provider, ciphertext, last4: apiKey.slice(-4) });
  return { ok: true, key: summary(row) };
}

export async function listUserKeys(userId: string): Promise<KeySummary[]> {
  // A row of a host no longer registered is kept but not shown.
  return (await userKeysOf(userId)).filter((row) => (PROVIDER_IDS as readonly string[]).includes(row.provider)).map(summary);
}

export async function removeUserKey(userId: string, providerRaw: string): Promise<{ ok: true } | KeyFailure> {
  const provider = parseProviderId(providerRaw);
  if (!provider.ok) return provider;
  if (await deleteUserKey(userId, provider.provider)) return { ok: true };
  return failure(404, `You have no key for ${getAdapter(provider.provider).name}`);
}

/** The hosts as this user sees them: per host, whose key a run would use and the mode that follows. */
export async function providersForUser(userId: string): Promise<ProviderInfo[]> {
  const hints: UserKeyHints = {};
  for (const key of await listUserKeys(userId)) hints[key.provider] = { last4: key.last4 };
  return listProviders(hints);
}

async function decryptRow(row: UserKey): Promise<string> {
  return decryptSecret(row.ciphertext, keyAssociatedData(row.userId, row.provider), await encryptionKey());
}

const unreadable = (name: string) =>
  `Your stored key for ${name} cannot be decrypted (KEYS_ENCRYPTION_SECRET changed?): set it again on /keys`;

/** Connects with a user's stored key; an unreadable one makes the host unusable, never silently another key. */
async function connectWithRow(provider: ProviderId, row: UserKey): Promise<ProviderConnection> {
  try {
    return connect(provider, { source: "user", apiKey: await decryptRow(row) });
  } catch (error) {
    if (!(error instanceof KeyDecryptionError)) throw error;
    return { ...connect(provider, { source: "user", apiKey: "" }), problem: unreadable(getAdapter(provider).name) };
  }
}

/** One user's keys, read once, for the connections of several runs (a comparison's cells). */
export interface Keyring {
  connect(provider: ProviderId): Promise<ProviderConnection>;
}

export async function keyringOf(userId: string): Promise<Keyring> {
  const rows = new Map((await userKeysOf(userId)).map((row) => [row.provider, row]));
  return {
    connect: async (provider) => {
      const row = rows.get(provider);
      return row ? connectWithRow(provider, row) : connect(provider);
    },
  };
}

/**
 * The connection of a run that has started: the key source it recorded, read again now (the key
 * is never stored with the run). A user key deleted meanwhile ends the run with `auth`.
 */
export async function connectForRun(run: { userId: string; provider: string; keySource: KeySource }): Promise<ProviderConnection> {
  const provider = run.provider as ProviderId;
  const name = getAdapter(provider).name;
  if (run.keySource === "sandbox") return connect(provider, { source: "sandbox" });
  if (run.keySource === "server") {
    const connection = connect(provider, { source: "server" });
    if (connection.problem) throw new ProviderError(connection.apiKey ? "provider_error" : "auth", `This run started with the server's key for ${name}, which can no longer be used: ${connection.problem}`, { retryable: false });
    return connection;
  }
  const row = await getUserKey(run.userId, provider);
  if (!row) throw new ProviderError("auth", `This run started with your own key for ${name}, which was deleted meanwhile: set it again on /keys and run again`, { retryable: false });
  const connection = await connectWithRow(provider, row);
  if (connection.problem) throw new ProviderError(connection.apiKey ? "provider_error" : "auth", connection.problem, { retryable: false });
  return connection;
}

/** A connection with this user's own key for the host, or null when they have none. */
export async function ownKeyConnection(userId: string, provider: ProviderId): Promise<ProviderConnection | null> {
  const row = await getUserKey(userId, provider);
  return row ? connectWithRow(provider, row) : null;
}

/** A host's refusal names the server's variable; a run on the user's own key points to /keys instead. */
export function ownKeyRefusal(message: string): string {
  return `${message.replace(/\s*Check [A-Z_]+(?: \(or [A-Z_]+\))?\.$/, "")} It was your own key: check it and set it again on /keys.`;
}
