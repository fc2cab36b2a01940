import { describe, expect, it } from "vitest";
import { decryptSecret, deriveEncryptionKey, encryptSecret, keyAssociatedData, KeyDecryptionError } from "@/lib/keys/encryption";
import { apiKeyProblem, ownKeyRefusal } from "@/lib/keys/service";

const key = deriveEncryptionKey("a-test-secret-of-at-least-32-characters!");
const secret = "bfl-0123456789abcdef-SECRET";
const aad = keyAssociatedData("user-a", "bfl");

describe("user key encryption", () => {
  it("round-trips a key under its user and host", () => {
    const stored = encryptSecret(secret, aad, key);
    expect(decryptSecret(stored, aad, key)).toBe(secret);
    // iv (12) + tag (16) + one byte per ASCII character
    expect(Buffer.from(stored, "base64")).toHaveLength(12 + 16 + secret.length);
  });

  it("never stores the key or its base64", () => {
    const stored = encryptSecret(secret, aad, key);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(Buffer.from(secret).toString("base64").slice(0, 12));
    expect(Buffer.from(stored, "base64").toString("latin1")).not.toContain(secret);
  });

  it("uses a new IV every time", () => {
    const a = encryptSecret(secret, aad, key);
    const b = encryptSecret(secret, aad, key);
    expect(a).not.toBe(b);
    expect(Buffer.from(a, "base64").subarray(0, 12).equals(Buffer.from(b, "base64").subarray(0, 12))).toBe(false);
  });

  it.each([
    ["another user", keyAssociatedData("user-b", "bfl")],
    ["another host", keyAssociatedData("user-a", "fal")],
  ])("refuses a row copied to %s", (_what, otherAad) => {
    const stored = encryptSecret(secret, aad, key);
    expect(() => decryptSecret(stored, otherAad, key)).toThrow(KeyDecryptionError);
  });

  it("refuses another secret", () => {
    const stored = encryptSecret(secret, aad, key);
    expect(() => decryptSecret(stored, aad, deriveEncryptionKey("another-secret-of-at-least-32-characters"))).toThrow(KeyDecryptionError);
  });

  it.each([
    ["the IV", 0],
    ["the tag", 12],
    ["the ciphertext", 30],
  ])("refuses a tampered row (%s)", (_part, offset) => {
    const bytes = Buffer.from(encryptSecret(secret, aad, key), "base64");
    bytes[offset] ^= 0x01;
    expect(() => decryptSecret(bytes.toString("base64"), aad, key)).toThrow(KeyDecryptionError);
  });

  it("refuses a truncated row", () => {
    const stored = Buffer.from(encryptSecret(secret, aad, key), "base64");
    expect(() => decryptSecret(stored.subarray(0, 20).toString("base64"), aad, key)).toThrow(KeyDecryptionError);
    expect(() => decryptSecret("", aad, key)).toThrow(KeyDecryptionError);
  });

  it("derives the same key from the same secret", () => {
    expect(deriveEncryptionKey("x".repeat(32)).equals(deriveEncryptionKey("x".repeat(32)))).toBe(true);
    expect(deriveEncryptionKey("x".repeat(32))).toHaveLength(32);
  });
});

describe("apiKeyProblem", () => {
  it.each([
    ["r8_abcdefghijklmnop", null],
    ["12345678", null],
    ["", /empty/],
    ["short", /too short/],
    ["a".repeat(513), /513 characters/],
    ["abcd\nefgh1234", /control character at position 5/],
    ["abcd\tefgh1234", /control character/],
    ["abcd\u0000efgh1234", /control character/],
    ["Bearer abcdefgh1234", /space at position 7/],
    ["abcdéfgh1234", /non-ASCII character at position 5/],
  ])("%j → %s", (key, expected) => {
    const problem = apiKeyProblem(key);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it("never echoes the key", () => {
    const key = "secretpart\u0007rest";
    expect(apiKeyProblem(key)).not.toContain("secretpart");
  });
});

describe("ownKeyRefusal", () => {
  it.each([
    ["BFL rejected the API key (HTTP 403): Not authenticated. Check BFL_API_KEY.", "BFL rejected the API key (HTTP 403): Not authenticated."],
    ["fal refused access (HTTP 403): locked. Check FAL_API_KEY (or FAL_KEY).", "fal refused access (HTTP 403): locked."],
    ["Runware: invalid key", "Runware: invalid key"],
  ])("points %j to /keys instead of the server's variable", (message, kept) => {
    expect(ownKeyRefusal(message)).toBe(`${kept} It was your own key: check it and set it again on /keys.`);
  });
});
