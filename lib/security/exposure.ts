/**
 * Who can reach this server. In local mode nobody signs in, so whoever reaches the port can spend
 * the configured keys: the server listens on 127.0.0.1 unless HOST says otherwise (scripts/serve.mjs),
 * says so at start-up, warns when it listens further without sign-in, and then needs APP_URL (the
 * public origin of share links and cards; it also admits that name past the Host check).
 */

export interface ExposureInput {
  /** The address the server listens on; undefined: every interface (`next` without -H). */
  listenHost: string | undefined;
  teamMode: boolean;
  /** APP_URL, or in team mode AUTH_URL. */
  publicUrl: string | undefined;
}

export interface ExposureVerdict {
  level: "info" | "warn" | "error";
  message: string;
}

export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, "").toLowerCase();
  return name === "localhost" || name.endsWith(".localhost") || name === "::1" || /^127(\.\d{1,3}){3}$/.test(name);
}

export function exposureVerdict({ listenHost, teamMode, publicUrl }: ExposureInput): ExposureVerdict {
  const where = listenHost === undefined || listenHost === "0.0.0.0" || listenHost === "::" ? "every network interface" : listenHost;
  if (listenHost !== undefined && isLoopbackHost(listenHost)) {
    return {
      level: "info",
      message: teamMode
        ? `Listening on ${listenHost} only (this machine): put a reverse proxy in front, or set HOST=0.0.0.0`
        : `Local mode (no sign-in): listening on ${listenHost} only, so only this machine can reach it. To serve others, configure sign-in and set HOST and APP_URL (README, Security)`,
    };
  }
  if (!publicUrl) {
    return {
      level: "error",
      message: `APP_URL is required when listening on ${where}: set it to the origin people use to reach this server (e.g. https://flux.example.com), or set HOST=127.0.0.1 to serve this machine only`,
    };
  }
  if (teamMode) return { level: "info", message: `Listening on ${where} as ${publicUrl}; sign-in is required` };
  return {
    level: "warn",
    message: `WARNING: listening on ${where} without sign-in: anyone who can reach this port can run generations on your hosts' API keys (and spend their credit), and see, share and delete every image. Configure sign-in (team mode, README), or set HOST=127.0.0.1`,
  };
}

/**
 * The address `next` was told to listen on: its -H/--hostname argument (`next start` runs in this
 * process), else HOST as scripts/serve.mjs passes it to `next dev`'s server process.
 */
export function listenHostOf(argv: readonly string[], host: string | undefined): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "-H" || argv[i] === "--hostname") return argv[i + 1];
    if (argv[i].startsWith("--hostname=")) return argv[i].slice("--hostname=".length);
  }
  // The `next` CLI itself without -H listens everywhere, whatever HOST says.
  const isNextCli = argv.some((arg) => /[\\/]next[\\/]dist[\\/]bin[\\/]next$/.test(arg));
  return isNextCli ? undefined : host?.trim() || undefined;
}
