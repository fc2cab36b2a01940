import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { resetEnvCache } from "@/lib/env";
import { deriveEncryptionKey } from "@/lib/keys/encryption";
import { encryptionKey, LOCAL_SECRET_FILE } from "@/lib/keys/secret";

/** Local mode with no KEYS_ENCRYPTION_SECRET: a secret made once in the data directory. */
describe("the keys' encryption secret", () => {
  let dir: string;
  const saved = { DATA_DIR: process.env.DATA_DIR, KEYS_ENCRYPTION_SECRET: process.env.KEYS_ENCRYPTION_SECRET };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "flux-keys-secret-"));
    process.env.DATA_DIR = path.join(dir, "data");
    delete process.env.KEYS_ENCRYPTION_SECRET;
    resetEnvCache();
  });
  afterEach(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
    await rm(dir, { recursive: true, force: true });
  });

  it("is made once in DATA_DIR/keys-secret, readable by the owner only", async () => {
    const [a, b] = await Promise.all([encryptionKey(), encryptionKey()]);
    const file = path.join(dir, "data", LOCAL_SECRET_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const secret = (await readFile(file, "utf8")).trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(a.equals(deriveEncryptionKey(secret))).toBe(true);
    expect(b.equals(a)).toBe(true);
  });

  it("comes from KEYS_ENCRYPTION_SECRET when set, and no file is made", async () => {
    process.env.KEYS_ENCRYPTION_SECRET = "s".repeat(40);
    resetEnvCache();
    expect((await encryptionKey()).equals(deriveEncryptionKey("s".repeat(40)))).toBe(true);
    await expect(stat(path.join(dir, "data", LOCAL_SECRET_FILE))).rejects.toThrow();
  });

  it("refuses a file too short to be a secret, naming it", async () => {
    process.env.DATA_DIR = dir;
    resetEnvCache();
    await writeFile(path.join(dir, LOCAL_SECRET_FILE), "short\n");
    await expect(encryptionKey()).rejects.toThrow(`${path.join(dir, LOCAL_SECRET_FILE)} must hold a secret of at least 32 characters`);
  });
});
