import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import type { Page } from "playwright-core";
import { createStaffAccount } from "../../api/staff/staff-accounts.ts";
import type { Database, StaffRole } from "../../api/db/database.ts";
import { seedDemo } from "../../api/demo/seed-demo.ts";

/** The staff pages on an office computer (the browser helper's default is a phone). */
export const desktop = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false };

/** A moment as a `datetime-local` value on the Beijing clock, whole minutes. */
export const beijing = (ms: number): string =>
  new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

/** A temporary password as the API issues it: three groups of four, no look-alike characters. */
export const temporaryPassword = /^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/;

export interface Account {
  username: string;
  password: string;
}

export interface StaffDemo {
  campaignId: number;
  schoolCodes: string[];
  admin: Account;
  /** A school account of `schoolCode`. */
  school: Account & { schoolCode: string; schoolName: string };
  viewer: Account;
  publicity: Account;
}

/**
 * The demo district (twelve schools, a few hundred synthetic responses over
 * five days, made by the same generator as `npm start`) and one account per role.
 */
export async function seedStaffDemo(db: Kysely<Database>, responses = 300): Promise<StaffDemo> {
  const demo = await seedDemo(db, new Date(), responses);
  const campaignId = demo.setup.campaignId;
  const chosen = demo.setup.schools[2];
  if (!chosen) throw new Error("demo schools missing");
  const make = async (role: StaffRole, username: string, schoolCode?: string) => {
    const password = `pw-${username}-0123456789`;
    await createStaffAccount(
      db,
      { username, password, role, campaignId, schoolCode },
      { label: "test" },
    );
    return { username, password };
  };
  return {
    campaignId,
    schoolCodes: demo.setup.schools.map((s) => s.code),
    admin: demo.admin,
    school: {
      ...(await make("school", "school-user", chosen.code)),
      schoolCode: chosen.code,
      schoolName: chosen.name,
    },
    viewer: await make("viewer", "viewer-user"),
    publicity: await make("publicity", "publicity-user"),
  };
}

/** Types a username and password into the sign-in form and sends it. */
export async function submitLogin(page: Page, account: Account): Promise<void> {
  await page.locator("#username").fill(account.username);
  await page.locator("#password").fill(account.password);
  await page.locator("#login-form button[type=submit]").click();
}

/** On the forced password change after a temporary password: fills the form and sends it. */
export async function submitNewPassword(page: Page, current: string, next: string): Promise<void> {
  await page.locator("#current-password").fill(current);
  await page.locator("#new-password").fill(next);
  await page.locator("#repeat-password").fill(next);
  await page.getByRole("button", { name: "保存新密码并继续" }).click();
}

/** Opens the staff pages and signs in; resolves once the first page has its heading. */
export async function signIn(page: Page, baseUrl: string, account: Account): Promise<void> {
  await page.goto(`${baseUrl}/staff/`);
  await page.locator("#login-form").waitFor();
  await submitLogin(page, account);
  await page.waitForURL(/\/staff\/campaigns\/\d+\//);
}

/**
 * How many pixels of a canvas are not fully transparent: chart.js draws on a
 * transparent canvas, so a chart that drew nothing has none.
 */
export async function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((canvas) => {
    const c = canvas as HTMLCanvasElement;
    const context = c.getContext("2d");
    if (!context || c.width === 0 || c.height === 0) return 0;
    const { data } = context.getImageData(0, 0, c.width, c.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) painted++;
    return painted;
  });
}

const axePath = fileURLToPath(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url));

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's WCAG 2.0/2.1 A and AA rules, and unique ids, on the page as it is now (needs bypassCSP). */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, opts: unknown): Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations;
  });
  // axe 4 no longer reports repeated ids under the WCAG tags; labels and captions point by id.
  const repeated = await page.evaluate(() => {
    const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  });
  return [
    ...repeated.map((id) => `duplicate-id: #${id} appears more than once`),
    ...(violations as AxeViolation[]).map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n"),
    ),
  ];
}
