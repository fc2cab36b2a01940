import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { env, isTeamMode, resetEnvCache } from "@/lib/env";
import { emailAllowed, emailVerifiedBy } from "@/lib/auth/policy";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { acceptsTokens, bearerToken } from "@/lib/auth/identity";
import { isPublicPath } from "@/lib/auth/public-paths";

const AUTH_VARS = [
  "NODE_ENV",
  "AUTH_SECRET",
  "AUTH_URL",
  "AUTH_TRUST_HOST",
  "AUTH_GITHUB_ID",
  "AUTH_GITHUB_SECRET",
  "AUTH_GOOGLE_ID",
  "AUTH_GOOGLE_SECRET",
  "AUTH_OIDC_ISSUER",
  "AUTH_OIDC_ID",
  "AUTH_OIDC_SECRET",
  "AUTH_ALLOWED_EMAIL_DOMAINS",
  "AUTH_ADMIN_EMAILS",
  "KEYS_ENCRYPTION_SECRET",
];
let saved: Record<string, string | undefined>;

beforeEach(() => {
  saved = Object.fromEntries(AUTH_VARS.map((k) => [k, process.env[k]]));
  for (const k of AUTH_VARS) delete process.env[k];
  resetEnvCache();
});
afterEach(() => {
  for (const k of AUTH_VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvCache();
});

const set = (vars: Record<string, string>) => {
  Object.assign(process.env, vars);
  resetEnvCache();
};
const problems = () => {
  try {
    env();
    return "";
  } catch (error) {
    return (error as Error).message;
  }
};
const TEAM = {
  AUTH_SECRET: "s".repeat(40),
  AUTH_OIDC_ISSUER: "https://sso.example.com/realms/team",
  AUTH_OIDC_ID: "flux",
  AUTH_OIDC_SECRET: "secret",
  AUTH_TRUST_HOST: "true",
  KEYS_ENCRYPTION_SECRET: "k".repeat(32),
};

describe("modes", () => {
  it("is local mode with nothing configured", () => {
    expect(problems()).toBe("");
    expect(isTeamMode()).toBe(false);
  });

  it("is team mode with AUTH_SECRET and one complete provider", () => {
    set(TEAM);
    expect(problems()).toBe("");
    expect(isTeamMode()).toBe(true);
  });
});

describe("a missing or contradictory setting fails at start-up, naming the variables", () => {
  it("a provider without AUTH_SECRET", () => {
    set({ ...TEAM, AUTH_SECRET: "" });
    expect(problems()).toMatch(/AUTH_SECRET is required when a sign-in provider is configured \(oidc\)/);
  });

  it("AUTH_SECRET without any provider", () => {
    set({ AUTH_SECRET: "s".repeat(40) });
    expect(problems()).toMatch(/AUTH_SECRET is set but no sign-in provider is/);
  });

  it("a half-configured provider", () => {
    set({ ...TEAM, AUTH_GITHUB_ID: "gh-id" });
    expect(problems()).toMatch(/AUTH_GITHUB_SECRET must be set with AUTH_GITHUB_ID/);
    set({ ...TEAM, AUTH_OIDC_SECRET: "" });
    expect(problems()).toMatch(/AUTH_OIDC_SECRET must be set with AUTH_OIDC_ISSUER and AUTH_OIDC_ID/);
  });

  it("team mode without KEYS_ENCRYPTION_SECRET, or a short one", () => {
    set({ ...TEAM, KEYS_ENCRYPTION_SECRET: "" });
    expect(problems()).toMatch(/KEYS_ENCRYPTION_SECRET is required in team mode/);
    set({ ...TEAM, KEYS_ENCRYPTION_SECRET: "short" });
    expect(problems()).toMatch(/KEYS_ENCRYPTION_SECRET must be at least 32 characters/);
  });

  it("production team mode without AUTH_URL or AUTH_TRUST_HOST", () => {
    set({ ...TEAM, AUTH_TRUST_HOST: "", NODE_ENV: "production" });
    expect(problems()).toMatch(/Team mode needs AUTH_URL .* or AUTH_TRUST_HOST=true/);
    set({ AUTH_URL: "https://flux.example.com" });
    expect(problems()).toBe("");
  });

  it("values that are not what they claim", () => {
    set({ ...TEAM, AUTH_TRUST_HOST: "yes" });
    expect(problems()).toMatch(/AUTH_TRUST_HOST must be true or false/);
    set({ ...TEAM, AUTH_TRUST_HOST: "true", AUTH_OIDC_ISSUER: "sso.example.com" });
    expect(problems()).toMatch(/AUTH_OIDC_ISSUER must be an absolute URL/);
  });
});

describe("who may sign in", () => {
  it("admits anyone when no domain is set", () => {
    expect(emailAllowed({ email: "someone@anywhere.test", verified: false })).toBe(true);
    expect(emailAllowed({ email: null, verified: false })).toBe(true);
  });

  it("admits verified addresses of the listed domains and their subdomains, case-insensitively, and nothing else", () => {
    set({ AUTH_ALLOWED_EMAIL_DOMAINS: "Example.com, studio.test" });
    expect(emailAllowed({ email: "Ann@EXAMPLE.com", verified: true })).toBe(true);
    expect(emailAllowed({ email: "ann@eu.example.com", verified: true })).toBe(true);
    expect(emailAllowed({ email: "ann@studio.test", verified: true })).toBe(true);
    expect(emailAllowed({ email: "ann@notexample.com", verified: true })).toBe(false);
    expect(emailAllowed({ email: "ann@example.com.evil.test", verified: true })).toBe(false);
    expect(emailAllowed({ email: null, verified: true })).toBe(false);
    expect(emailAllowed({ email: "ann@example.com", verified: false })).toBe(false);
  });

  it("refuses an admin's address that the provider does not vouch for", () => {
    set({ AUTH_ADMIN_EMAILS: "lead@example.com" });
    expect(emailAllowed({ email: "Lead@example.com", verified: false })).toBe(false);
    expect(emailAllowed({ email: "lead@example.com", verified: true })).toBe(true);
    expect(emailAllowed({ email: "other@example.com", verified: false })).toBe(true);
  });

  it("reads verification as each provider states it", () => {
    expect(emailVerifiedBy("oidc", { email_verified: true })).toBe(true);
    expect(emailVerifiedBy("oidc", { email_verified: "true" })).toBe(true);
    expect(emailVerifiedBy("oidc", { email_verified: "false" })).toBe(false);
    expect(emailVerifiedBy("google", {})).toBe(false);
    expect(emailVerifiedBy("github", {})).toBe(true);
  });
});

describe("requests", () => {
  it("sends a sign-in back only to a path of this site", () => {
    expect(safeCallbackUrl("/history?q=fox")).toBe("/history?q=fox");
    expect(safeCallbackUrl("/compare/abc#cell")).toBe("/compare/abc#cell");
    for (const bad of ["https://evil.test/", "//evil.test", "/\\evil.test", "/\t/evil.test", "/\n/evil.test", "/\\/evil.test", "/signin?x=1", "", null, undefined]) {
      expect(safeCallbackUrl(bad), String(bad)).toBe("/");
    }
  });

  it("takes bearer tokens on the JSON API only", () => {
    expect(bearerToken("Bearer fpt_abc")).toBe("fpt_abc");
    expect(bearerToken("bearer   fpt_abc ")).toBe("fpt_abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken(null)).toBeNull();
    expect(acceptsTokens("/api/v1/generations")).toBe(true);
    expect(acceptsTokens("/api/v1")).toBe(true);
    expect(acceptsTokens("/api/v10")).toBe(false);
    expect(acceptsTokens("/api/images/abc.png")).toBe(true);
    expect(acceptsTokens("/history")).toBe(false);
  });

  it("leaves share pages, their images, health and Auth.js open; nothing else", () => {
    for (const open of ["/s/abc", "/s/abc/opengraph-image", "/api/images/x.png", "/api/health", "/api/auth/callback/oidc", "/signin", "/robots.txt", "/favicon.ico"]) {
      expect(isPublicPath(open), open).toBe(true);
    }
    for (const closed of ["/", "/history", "/compare/abc", "/hosts", "/keys", "/api/v1/generations", "/api/v1/shares", "/signin/other", "/share"]) {
      expect(isPublicPath(closed), closed).toBe(false);
    }
  });
});
