import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "dist" || entry.name === "node_modules") continue;
      newest = Math.max(newest, newestMtime(full));
    } else {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** Builds the browser bundle when it is missing or older than its sources. */
function buildBrowserAssets(): void {
  const manifest = path.join(root, "survey-web/dist/.vite/manifest.json");
  const sources = path.join(root, "survey-web");
  if (existsSync(manifest) && statSync(manifest).mtimeMs >= newestMtime(sources)) return;
  process.stdout.write("[junheng tests] building survey-web (vite build) …\n");
  execFileSync(
    process.execPath,
    [
      path.join(root, "node_modules/vite/bin/vite.js"),
      "build",
      "--config",
      "survey-web/vite.config.ts",
      "--logLevel",
      "warn",
    ],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
}

export default function setup(): void {
  buildBrowserAssets();
}
