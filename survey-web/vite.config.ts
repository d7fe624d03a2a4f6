import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import {
  type Plugin,
  type ResolvedConfig,
  type InlineConfig,
  build,
  defineConfig,
  transformWithOxc,
} from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, "dist");

/**
 * Writes .br (quality 11) and .gz (level 9) beside every script and stylesheet
 * once at build time, so the server only picks a file, never compresses.
 * `before` runs first (the editor preview's own build, whose files it compresses too).
 */
function precompress(before?: () => Promise<void>): Plugin {
  return {
    name: "junheng-precompress",
    apply: "build",
    async closeBundle() {
      await before?.();
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

/**
 * Lowering class fields for safari14 makes the bundler import a helper
 * (`_defineProperty`) into every module that has them. Were the respondent
 * page and the staff pages both to need it, it would become a shared chunk:
 * one more file on every phone. The staff code declares no class fields, and
 * chart.js (full of static ones, used only by the staff pages) has its class
 * fields turned into plain assignments here (`C.x = …`; the same for these
 * classes, none of which shadows a setter), so nothing staff needs the helper.
 */
function chartJsFieldsAsAssignments(): Plugin {
  const chartJs = /[\\/]node_modules[\\/](?:chart\.js|@kurkle[\\/]color)[\\/].*\.js$/;
  let config: ResolvedConfig;
  return {
    name: "junheng-chart-js-class-fields",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
    },
    async transform(code, id) {
      if (!chartJs.test(id)) return null;
      const target = config.build.target || undefined;
      const result = await transformWithOxc(
        code,
        id,
        { lang: "js", target, assumptions: { setPublicClassFields: true } },
        undefined,
        config,
      );
      return { code: result.code, map: result.map };
    },
  };
}

/**
 * survey-core ships one stylesheet for every question type (~300 KB, 27 KB
 * brotli). The questionnaire library refuses all types but radiogroup,
 * dropdown, checkbox, tagbox, rating, boolean, text, comment, html and image
 * (api/responses/answer-validator.ts), and the page shows no popup window,
 * timer or table of contents, so the rules of those blocks are dropped here.
 * A questionnaire that gains a new type must take its block out of this list.
 */
const unusedSurveyBlocks = new RegExp(
  "\\.(?:" +
    [
      "sd-slider",
      "sd-range",
      "sd-file",
      "sd-signaturepad",
      "sd-table",
      "sd-matrix",
      "sv-matrix",
      "sd-summary-row",
      "sd-paneldynamic",
      "sd-tab-item",
      "sd-tabs",
      "sv-ranking",
      "sd-ranking",
      "sd-multipletext",
      "sd-imagepicker",
      "sd-imagemap",
      "sv_window",
      "sv_progress-toc",
      "sd-timer",
      "sv-drag-drop",
      "sv-dragged-element",
      "sv-brand-info",
      "sv-string-editor",
    ].join("|") +
    ")(?![a-z])",
);

interface CssRule {
  selectors: string[];
  remove(): void;
  parent?: { type: string; nodes?: unknown[]; remove(): void };
}

/** A PostCSS plugin (plain object: no import needed) applying `unusedSurveyBlocks`. */
const dropUnusedSurveyCss = {
  postcssPlugin: "junheng-drop-unused-survey-css",
  Rule(rule: CssRule) {
    const kept = rule.selectors.filter((selector) => !unusedSurveyBlocks.test(selector));
    if (kept.length === rule.selectors.length) return;
    const parent = rule.parent;
    if (kept.length > 0) {
      rule.selectors = kept;
      return;
    }
    rule.remove();
    if (parent && parent.type === "atrule" && parent.nodes?.length === 0) parent.remove();
  },
};

/**
 * The questionnaire editor's preview page (survey-web/preview/): the respondent page's renderer
 * (survey-core + survey-js-ui, 270 KB brotli) for staff. Built on its own, after the main build,
 * into the same folder with its entries added to the same manifest: in one build it would share
 * the renderer's chunk with the respondent page, and phones would then load one more file.
 * The staff pages never load it; only the editor page's preview frame does.
 */
const previewConfig = (): InlineConfig => ({
  configFile: false,
  root: here,
  base: "/",
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir,
    emptyOutDir: false,
    manifest: ".vite/preview-manifest.json",
    target: ["chrome87", "safari14"],
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1600,
    sourcemap: false,
    rollupOptions: { input: { "staff-preview": path.join(here, "preview/main.ts") } },
  },
  css: { postcss: { plugins: [dropUnusedSurveyCss] } },
});

async function buildPreview(): Promise<void> {
  await build(previewConfig());
  const main = path.join(outDir, ".vite/manifest.json");
  const own = path.join(outDir, ".vite/preview-manifest.json");
  const merged = JSON.parse(readFileSync(main, "utf8")) as Record<string, unknown>;
  for (const [key, chunk] of Object.entries(
    JSON.parse(readFileSync(own, "utf8")) as Record<string, unknown>,
  )) {
    if (key in merged) throw new Error(`preview build: manifest key ${key} clashes`);
    merged[key] = chunk;
  }
  writeFileSync(main, JSON.stringify(merged, null, 2));
  rmSync(own);
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
    // survey-core does not tree-shake: its ~1.4 MB minified chunk is expected, not a mistake.
    chunkSizeWarningLimit: 1600,
    sourcemap: false,
    rollupOptions: {
      // The staff pages share no module with the respondent page, so its chunks stay exactly
      // as they were. chart.js is an entry of its own that the staff pages import by URL when
      // a chart is drawn: a Vite-managed lazy import would pull Vite's preload helper out of
      // the respondent entry into a shared chunk, one more file on every phone.
      input: {
        respondent: path.join(here, "respondent/main.ts"),
        staff: path.join(here, "staff/main.ts"),
        "staff-charts": path.join(here, "staff/charts.ts"),
        // The first-run setup page: a few KB of its own, sharing no module with the others.
        setup: path.join(here, "setup/main.ts"),
      },
      // Vite drops an app entry's exports; the chart entry is imported for its exports.
      preserveEntrySignatures: "exports-only",
    },
  },
  css: { postcss: { plugins: [dropUnusedSurveyCss] } },
  plugins: [chartJsFieldsAsAssignments(), precompress(buildPreview)],
});
