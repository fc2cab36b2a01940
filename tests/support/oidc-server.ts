import http from "node:http";
import Provider, { type Configuration } from "oidc-provider";
import { OIDC_CLIENT } from "./oidc-client";

/**
 * A real OpenID Connect issuer for the sign-in tests (the `oidc-provider` package), on loopback.
 * Any login name is accepted (its development login form); a name with an "@" is the e-mail,
 * otherwise the e-mail is `<name>@example.test`. Consent is granted at once for the test client.
 */
export { OIDC_CLIENT };

export interface OidcServer {
  issuer: string;
  stop: () => Promise<void>;
}

export function emailOf(login: string) {
  return login.includes("@") ? login.toLowerCase() : `${login.toLowerCase()}@example.test`;
}

export async function startOidcServer({ port, appOrigins }: { port: number; appOrigins: string[] }): Promise<OidcServer> {
  const issuer = `http://127.0.0.1:${port}`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: appOrigins.map((origin) => `${origin}/api/auth/callback/oidc`),
        post_logout_redirect_uris: appOrigins.map((origin) => `${origin}/`),
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: emailOf(sub), email_verified: true, name: sub.split("@")[0] }),
    }),
    // The test client is first-party: no consent screen.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid email profile");
      grant.addOIDCClaims(["email", "email_verified", "name"]);
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true } },
    // Put the e-mail and name in the ID token too, as Keycloak and Okta do: Auth.js reads them there.
    conformIdTokenClaims: false,
    pkce: { required: () => false },
    cookies: { keys: ["flux-playground-oidc-test-cookie-key"] },
  };
  const provider = new Provider(issuer, configuration);
  if (process.env.OIDC_DEBUG) {
    const log = (event: string) => (_ctx: unknown, error: Error & { error_detail?: string }) => console.error(event, error.message, error.error_detail ?? "");
    provider.on("grant.error", log("grant.error"));
    provider.on("authorization.error", log("authorization.error"));
    provider.on("server_error", log("server_error"));
  }
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    issuer,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// `tsx tests/support/oidc-server.ts <port> <appOrigin>...`: Playwright starts it as a web server.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const [port, ...origins] = process.argv.slice(2);
  startOidcServer({ port: Number(port), appOrigins: origins }).then(
    (server) => console.log(`OIDC test issuer at ${server.issuer}`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
