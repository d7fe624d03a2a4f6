import { readFileSync } from "node:fs";
import path from "node:path";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { previewPageRoutes } from "../../api/questionnaires/preview-page-routes.ts";
import { staffPageRoutes } from "../../api/web/staff-page-routes.ts";
import { createStaticAssets } from "../../api/web/static-assets.ts";
import { distDir } from "../helpers/test-server.ts";

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
  name?: string;
}

const manifest = () =>
  JSON.parse(readFileSync(path.join(distDir, ".vite/manifest.json"), "utf8")) as Record<
    string,
    Chunk
  >;

/** Every chunk an entry loads, now or lazily, by manifest key. */
function closure(chunks: Record<string, Chunk>, name: string): Set<string> {
  const entry = Object.entries(chunks).find(([, c]) => c.isEntry && c.name === name);
  if (!entry) throw new Error(`no entry ${name}`);
  const seen = new Set<string>([entry[0]]);
  const visit = (key: string) => {
    const chunk = chunks[key];
    for (const next of [...(chunk?.imports ?? []), ...(chunk?.dynamicImports ?? [])]) {
      if (!seen.has(next)) {
        seen.add(next);
        visit(next);
      }
    }
  };
  visit(entry[0]);
  return seen;
}

describe("the staff bundle beside the respondent page", () => {
  it("shares no chunk with the respondent page, so phones load nothing of it", () => {
    const chunks = manifest();
    const respondent = closure(chunks, "respondent");
    const staff = new Set([...closure(chunks, "staff"), ...closure(chunks, "staff-charts")]);
    expect([...respondent].filter((key) => staff.has(key))).toEqual([]);
    expect([...respondent].filter((key) => key.startsWith("staff/"))).toEqual([]);
    // chart.js is in its own entry, which the staff entry does not import.
    expect(closure(chunks, "staff").has("staff/charts.ts")).toBe(false);
    // The editor's preview (survey-core for staff) is a build of its own: the respondent page's
    // renderer chunk stays as it was, and the staff entry never loads the preview.
    const preview = closure(chunks, "staff-preview");
    expect([...respondent].filter((key) => preview.has(key))).toEqual([]);
    expect([...preview].filter((key) => staff.has(key))).toEqual([]);
    expect(chunks["respondent/survey-view.ts"]?.imports ?? []).toEqual(["respondent/main.ts"]);
  });

  it("serves one HTML shell under /staff with a strict policy, the heading, and no chart.js", async () => {
    const assets = createStaticAssets(distDir);
    const app = new Hono().route("/", staffPageRoutes({ assets }));
    const staffEntry = assets.entry("staff").scripts[0] ?? "";
    const chartsEntry = assets.entry("staff-charts").scripts[0] ?? "";
    for (const address of ["/staff", "/staff/", "/staff/login", "/staff/campaigns/3/report"]) {
      const res = await app.request(address);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain("unsafe");
      expect(csp).toContain("frame-ancestors 'none'");
      const html = await res.text();
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toMatch(/<h1[^>]*>工作人员平台 <span lang="en">Staff pages<\/span><\/h1>/);
      expect(html).toContain(`<script type="module" src="${staffEntry}"></script>`);
      // Named for the pages that draw charts, never loaded or preloaded by the shell.
      expect(html).toContain(`<meta name="jh-charts" content="${chartsEntry}">`);
      expect(html).not.toMatch(new RegExp(`(src|href)="${chartsEntry}"`));
    }
  });

  it("serves the editor's preview frame: the renderer's entry, framed by our own pages only", async () => {
    const assets = createStaticAssets(distDir);
    const app = new Hono().route("/", previewPageRoutes({ assets }));
    const res = await app.request("/questionnaire-preview");
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain(
      `<script type="module" src="${assets.entry("staff-preview").scripts[0]}">`,
    );
    expect(html).toContain('id="preview"');
  });
});
