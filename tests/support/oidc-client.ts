/** The test issuer's one client (tests/support/oidc-server.ts), shared with the app's AUTH_OIDC_* settings. */
export const OIDC_CLIENT = { id: "flux-playground-test", secret: "flux-playground-test-secret" };
