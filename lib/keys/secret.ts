import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { deriveEncryptionKey } from "./encryption";

/**
 * The key that encrypts users' host keys. From KEYS_ENCRYPTION_SECRET (required in team mode);
 * in local mode without it, from a random secret made once in `${DATA_DIR}/keys-secret` (0600),
 * so `npm run dev` needs no configuration. Losing that file (or changing the variable) makes the
 * stored keys unreadable: they have to be entered again.
 */
export const LOCAL_SECRET_FILE = "keys-secret";
const MIN_SECRET_CHARS = 32;

// Only the local file is cached (a read per run otherwise); deriving from the variable is cheap.
const cache = globalThis as unknown as { __fluxKeysSecretFile?: { file: string; key: Promise<Buffer> } };

export async function encryptionKey(): Promise<Buffer> {
  const e = env();
  if (e.KEYS_ENCRYPTION_SECRET) return deriveEncryptionKey(e.KEYS_ENCRYPTION_SECRET);
  const file = path.resolve(e.DATA_DIR, LOCAL_SECRET_FILE);
  if (cache.__fluxKeysSecretFile?.file !== file) {
    const key = localSecret(e.DATA_DIR).then(deriveEncryptionKey);
    cache.__fluxKeysSecretFile = { file, key };
    // A failed read (e.g. a full disk) is tried again next time.
    key.catch(() => {
      if (cache.__fluxKeysSecretFile?.key === key) cache.__fluxKeysSecretFile = undefined;
    });
  }
  return cache.__fluxKeysSecretFile!.key;
}

async function localSecret(dataDir: string): Promise<string> {
  const file = path.resolve(dataDir, LOCAL_SECRET_FILE);
  const existing = await readSecretFile(file);
  if (existing !== null) return existing;
  await mkdir(dataDir, { recursive: true });
  // Written aside, then linked into place: a second instance starting at the same moment reads
  // either no file or the whole one, never a half-written secret.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(temp, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await unlink(temp).catch(() => {});
  }
  const made = await readSecretFile(file);
  if (made === null) throw new Error(`Could not create ${file}`);
  return made;
}

async function readSecretFile(file: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const secret = text.trim();
  if (secret.length < MIN_SECRET_CHARS) {
    throw new Error(`${file} must hold a secret of at least ${MIN_SECRET_CHARS} characters; delete it to make a new one (keys stored with the old one must then be entered again)`);
  }
  return secret;
}
