import { loadConfig } from "../api/config.ts";
import { openDatabase } from "../api/db/open-db.ts";
import { resetDemo } from "../api/demo/reset-demo.ts";

/** `npm run demo:reset`: replace the demo district with a fresh one (stop the server first on PGlite). */
const config = loadConfig();
const handle = await openDatabase(config);
try {
  const result = await resetDemo(handle.db);
  process.stdout.write(
    `demo district rebuilt: campaign ${result.setup.campaignId}, ${result.responses} responses\n` +
      `demo admin: ${result.admin.username} / ${result.admin.password}\n`,
  );
} finally {
  await handle.close();
}
