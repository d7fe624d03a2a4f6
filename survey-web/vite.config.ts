import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { type Plugin, defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, "dist");

/**
 * Writes .br (quality 11) and .gz (level 9) beside every script and stylesheet
 * once at build time, so the server only picks a file, never compresses.
 */
function precompress(): Plugin {
  return {
    name: "junheng-precompress",
    apply: "build",
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const full = path.join(dir, name);
          return statSync(full).isDirectory() ? walk(full) : [full];
        });
      for (const file of walk(path.join(outDir, "assets"))) {
        if (!/\.(js|css|svg|json)$/.test(file)) continue;
        const raw = readFileSync(file);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(raw, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: "/",
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir,
    emptyOutDir: true,
    manifest: true,
    // WeChat's in-app browser on Android is a recent Chromium (XWEB); iOS uses the system WebKit.
    target: ["chrome87", "safari14"],
    assetsInlineLimit: 0,
    sourcemap: false,
    rollupOptions: {
      input: { respondent: path.join(here, "respondent/main.ts") },
    },
  },
  plugins: [precompress()],
});
