import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
} from "playwright-core";
import buildBrowserAssetsIfStale from "../global-build.ts";
import { provided } from "./provided.ts";

/** Flags for Debian's chromium in a container: no sandbox, GPU or background traffic (a closed network refuses it). */
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/** A phone in WeChat: 390×844, touch, Chinese. */
export const phone: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "zh-CN",
};

/**
 * Chromium's executable, or null when it is missing: the global setup has
 * already printed why the browser tests are skipped (and failed under CI=true).
 */
export function chromiumPath(): string | null {
  return provided.chromiumPath();
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (own storage) emulating `phone`, with overrides. */
  newPhone(overrides?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Launches the system Chromium (never a downloaded one). `chromium.launch`
 * gives it a fresh, empty profile directory and deletes it on close. Builds the survey bundle first when it is missing or stale; the
 * global setup normally did that already, making this a no-op.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("no Chromium: guard the suite with chromiumPath()");
  buildBrowserAssetsIfStale();
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  return {
    browser,
    newPhone: (overrides = {}) => browser.newContext({ ...phone, ...overrides }),
    close: () => browser.close(),
  };
}
