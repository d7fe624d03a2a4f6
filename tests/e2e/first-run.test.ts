import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../api/db/create-db.ts";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { provided } from "../helpers/provided.ts";
import { type ServerProcess, startServerProcess } from "../helpers/server-process.ts";
import { createTestDb } from "../helpers/test-db.ts";

const setupLine = /^setup: (http:\/\/localhost:\d+\/setup#[A-Za-z0-9_-]{43})$/;

/**
 * A real deployment's first run: the entry point with DEMO=0 on an empty PGlite folder
 * prints a one-time setup link instead of a demo; the link opens a page that creates the
 * district and its first admin and signs them in; after that no start-up prints a link.
 */
describe("npm start with DEMO=0 on an empty database", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "junheng-first-run-"));
  let server: ServerProcess;
  let chromium: TestBrowser | undefined;

  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: dataDir, DEMO: "0" });
    if (chromiumPath()) chromium = await launchBrowser();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints one setup link, with the token in the fragment, and no demo", () => {
    const links = server.lines.filter((l) => l.startsWith("setup: "));
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(setupLine);
    expect(server.surveyUrls).toEqual([]);
    expect(server.lines.some((l) => l.startsWith("demo admin"))).toBe(false);
  });

  it.skipIf(!chromiumPath())(
    "the link sets up the district and its admin and lands signed in on the staff pages",
    async () => {
      const link = setupLine.exec(server.lines.find((l) => l.startsWith("setup: ")) ?? "")?.[1];
      if (!link || !chromium) throw new Error("no setup link or browser");
      const context = await chromium.browser.newContext({ locale: "zh-CN" });
      const page = await context.newPage();
      await page.goto(link);
      await page.locator("#setup-form").waitFor();
      // The token leaves the address bar at once.
      expect(new URL(page.url()).hash).toBe("");
      await page.getByLabel("区县名称").fill("青山区");
      // The bureau follows the district's name until someone types another.
      await expect(page.getByLabel("教育行政部门名称").inputValue()).resolves.toBe("青山区教育局");
      await page.getByLabel("县级市").check();
      await page.getByLabel("省（自治区、直辖市）").fill("湖北省");
      await page.getByLabel("地级市（选填）").fill("武汉市");
      await page.getByLabel("用户名").fill("qingshan");
      await page.getByLabel("姓名或科室（选填）").fill("督导室 王老师");
      await expect(
        page.getByText("密码要求：至少 10 个字符；不能是常见密码；不能与用户名相同。").isVisible(),
      ).resolves.toBe(true);

      // The server's rule, in words beside the field: a common password is refused.
      await page.getByLabel("密码", { exact: true }).fill("qwertyuiop");
      await page.getByLabel("再次输入密码").fill("qwertyuiop");
      await page.getByRole("button", { name: "完成设置并登录" }).click();
      await page
        .locator("#setup-error", { hasText: "这是常见密码，很容易被猜到，请换一个。" })
        .waitFor();
      await expect(
        page.getByLabel("密码", { exact: true }).getAttribute("aria-invalid"),
      ).resolves.toBe("true");

      await page.getByLabel("密码", { exact: true }).fill("Qingshan-Survey-2026");
      await page.getByLabel("再次输入密码").fill("Qingshan-Survey-2026");
      await page.getByRole("button", { name: "完成设置并登录" }).click();
      await page.waitForURL(/\/staff\/?/);
      const me = await page.evaluate(async () => (await fetch("/api/auth/me")).json());
      expect(me).toMatchObject({
        user: { username: "qingshan", role: "admin", displayName: "督导室 王老师" },
      });

      // The same link again: used, with the way to sign in.
      const again = await context.newPage();
      await again.goto(link);
      await again.getByText("此设置链接已使用。请用管理员账号登录。").waitFor();
      await expect(
        again.getByRole("link", { name: "前往登录" }).getAttribute("href"),
      ).resolves.toBe("/staff/");
      await context.close();
    },
  );

  it.skipIf(!chromiumPath())("prints no link on the next start once an admin exists", async () => {
    expect(await server.stop()).toBe(0);
    server = await startServerProcess({ DATA_DIR: dataDir, DEMO: "0" });
    expect(server.lines.some((l) => l.startsWith("setup:"))).toBe(false);
    expect(server.staffUrl).toMatch(/\/staff\/$/);
  });
});

describe.skipIf(!provided.postgresUrl())("WORKERS=2 on an empty PostgreSQL database", () => {
  let handle: DbHandle;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    handle = await createTestDb("postgres");
  });
  afterAll(async () => {
    await server?.stop();
    await handle?.close();
  });

  it("prints the setup link once, from the first process, and any worker honours it", async () => {
    server = await startServerProcess({
      DATABASE_URL: handle.url as string,
      DEMO: "0",
      WORKERS: "2",
    });
    const links = server.lines.filter((l) => l.startsWith("setup: "));
    expect(links).toHaveLength(1);
    const link = setupLine.exec(links[0] ?? "")?.[1] ?? "";
    const token = new URL(link).hash.slice(1);
    for (let i = 0; i < 4; i++) {
      const res = await fetch(new URL("/api/setup/check", link), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token }),
      });
      expect(res.status).toBe(200);
    }
    const stored = await handle.db.selectFrom("setup_token").select("token_hash").execute();
    expect(stored).toHaveLength(1);
  });
});
