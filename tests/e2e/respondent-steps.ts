import type { Locator, Page } from "playwright-core";

/** WeChat's in-app browser on Android, as parents open a poster's QR code. */
export const weChatAndroid =
  "Mozilla/5.0 (Linux; Android 13; V2219A Build/TP1A.220624.014; wv) AppleWebKit/537.36 " +
  "(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 " +
  "MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 " +
  "Weixin NetType/4G Language/zh_CN ABI/arm64";

/** A question of the rendered survey, by its name in the questionnaire JSON. */
export function question(page: Page, name: string): Locator {
  return page.locator(`.sd-question[data-name="${name}"]`);
}

/** Taps one option of a choice question, as a thumb would. */
export async function tapChoice(page: Page, name: string, label: string): Promise<void> {
  await question(page, name)
    .locator(".sd-item__control-label")
    .getByText(label, { exact: true })
    .tap();
}

export async function tapButton(page: Page, label: string): Promise<void> {
  await page.locator(`input.sd-btn[value="${label}"], button:has-text("${label}")`).first().tap();
}

/** The current page's title, as the respondent sees it. */
export function pageTitle(page: Page): Locator {
  return page.locator(".sd-page__title");
}

export const satisfactionItems = [
  "sat_nearby_enrolment",
  "sat_facility_gap",
  "sat_teacher_gap",
  "sat_school_choice",
  "sat_government_effort",
  "sat_overall",
];

/** Page 1 of the social questionnaire on a school-poster link (no school question). */
export async function answerIntroAsParent(page: Page): Promise<void> {
  await tapChoice(page, "identity", "学生家长");
  await tapChoice(page, "child_level", "初中");
}

/** The satisfaction items on the page now, in order (each scheme's questionnaire has its own). */
export async function itemsOnPage(page: Page): Promise<string[]> {
  await page.locator('.sd-question[data-name^="sat_"]').first().waitFor();
  const names = await page
    .locator('.sd-question[data-name^="sat_"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute("data-name") ?? ""));
  return names.filter((n) => n !== "");
}

/** Answers the items `names` (by default every satisfaction item on the page), 满意 and 基本满意 in turn. */
export async function answerItems(page: Page, names?: readonly string[]): Promise<void> {
  for (const [i, name] of (names ?? (await itemsOnPage(page))).entries()) {
    await tapChoice(page, name, i % 2 === 0 ? "满意" : "基本满意");
  }
}

/** From page 1 (already answered) to the last page, with the comment typed. */
export async function answerToLastPage(page: Page): Promise<void> {
  await tapButton(page, "下一页");
  await answerItems(page);
  await tapButton(page, "下一页");
  await tapChoice(page, "aware_campaign", "听说过");
  await tapChoice(page, "aware_source", "致家长的一封信");
  await tapButton(page, "下一页");
  await question(page, "comment").locator("textarea").fill("希望增加课后服务。");
}

interface StoredDraft {
  responseId: string;
  currentPage: string | null;
  data: Record<string, unknown>;
}

/** The draft the page keeps in localStorage for this link. */
export async function storedDraft(page: Page, token: string): Promise<StoredDraft | null> {
  const raw = await page.evaluate((key) => localStorage.getItem(key), `junheng:draft:${token}`);
  return raw ? (JSON.parse(raw) as StoredDraft) : null;
}

/** Waits until `text` is visible somewhere on the page. */
export async function seeText(page: Page, text: string, timeout = 20_000): Promise<void> {
  await page.getByText(text, { exact: false }).first().waitFor({ state: "visible", timeout });
}
