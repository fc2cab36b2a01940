import { startSandboxServer } from "../integration/helpers/sandbox-server";

/**
 * `tsx tests/support/sandbox-host.ts <port>`: the host emulators on a server of their own, standing
 * for a real host that users' own keys reach (any key is accepted), as Playwright's team server
 * is told by its `<ID>_BASE_URL`. Its files go to DATA_DIR.
 */
const port = Number(process.argv[2]);
startSandboxServer({ port }).then(
  (server) => console.log(`Sandbox hosts at ${server.origin}/api/sandbox/<host>`),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
