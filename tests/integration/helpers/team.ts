import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { sessions, users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { useAppEnv } from "./app-env";
import type { TestData } from "./test-database";

/**
 * Team mode for a `next start` in tests: an OpenID Connect provider that nobody signs in through
 * (its issuer is only contacted on sign-in, so an unused loopback URL is enough).
 */
export const TEAM_ENV = {
  AUTH_SECRET: "test-auth-secret-0123456789abcdef0123456789",
  AUTH_OIDC_ISSUER: "http://127.0.0.1:9/",
  AUTH_OIDC_ID: "flux-tests",
  AUTH_OIDC_SECRET: "flux-tests-secret",
  AUTH_TRUST_HOST: "true",
  KEYS_ENCRYPTION_SECRET: "test-keys-secret-0123456789abcdef0123456789",
};

export interface Person {
  id: string;
  email: string;
  name: string;
  /** `Cookie` header of a signed-in browser of this person. */
  cookie: string;
}

/**
 * Signed-in people without a sign-in flow: a user row and an Auth.js database session each,
 * written before the server starts (an embedded database opens in one process only).
 */
export async function seedPeople(data: TestData, people: { id: string; email: string; name: string }[]): Promise<Person[]> {
  const env = await useAppEnv(data, {});
  try {
    const db = await getDb();
    const seeded: Person[] = [];
    for (const person of people) {
      const sessionToken = randomBytes(32).toString("hex");
      await db.insert(users).values(person);
      await db.insert(sessions).values({ sessionToken, userId: person.id, expires: new Date(Date.now() + 86_400_000) });
      seeded.push({ ...person, cookie: `authjs.session-token=${sessionToken}` });
    }
    return seeded;
  } finally {
    await env.restore();
  }
}

/** Runs `work` in-process with team mode's variables set, then puts the previous ones back. */
export async function inTeamMode(work: () => Promise<void>) {
  const saved = Object.fromEntries(Object.keys(TEAM_ENV).map((k) => [k, process.env[k]]));
  Object.assign(process.env, TEAM_ENV);
  resetEnvCache();
  try {
    await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  }
}
