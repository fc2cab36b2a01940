import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Users' host keys at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the server's
 * secret, a fresh 12-byte IV per write, and `${userId}:${provider}` as associated data, so a row
 * copied to another user or host does not decrypt. Stored as base64(iv | tag | ciphertext).
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Fixed salt and info: they separate this key from any other use of the same secret.
const HKDF_SALT = "flux-playground/user-keys";
const HKDF_INFO = "aes-256-gcm/v1";

export class KeyDecryptionError extends Error {
  constructor() {
    super("The stored key could not be decrypted (a different KEYS_ENCRYPTION_SECRET, or the row was altered)");
  }
}

export function deriveEncryptionKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, HKDF_INFO, 32));
}

export const keyAssociatedData = (userId: string, provider: string) => `${userId}:${provider}`;

export function encryptSecret(plaintext: string, associatedData: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64");
}

export function decryptSecret(stored: string, associatedData: string, key: Buffer): string {
  const bytes = Buffer.from(stored, "base64");
  if (bytes.length <= IV_BYTES + TAG_BYTES) throw new KeyDecryptionError();
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new KeyDecryptionError();
  }
}
