import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { chromium } from "playwright-core";
import { createApp } from "../api/app.ts";
import { testConfig } from "../api/config.ts";
import { createPgliteDb } from "../api/db/create-db.ts";
import { migrateToLatest } from "../api/db/migrate.ts";
import { seedDemo } from "../api/demo/seed-demo.ts";
import { createStaticAssets } from "../api/web/static-assets.ts";

/**
 * The respondent page on a phone in a hurry: Debian's Chromium at 390×844 with the CPU
 * slowed 4× and Lighthouse's "slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up)
 * emulated through the DevTools protocol, cache empty. Timed from navigation to the first
 * question's first option being visible and enabled (a tap would register and be kept):
 * the server's plain first questions (`.jh-question`) or the renderer's (`.sd-question`),
 * whichever comes first; and, apart, to the renderer having mounted. `runs` times each.
 */
export interface InteractiveResult {
  runs: number;
  medianMs: number;
  maxMs: number;
  /** Until survey-core has rendered the questionnaire (every question type usable). */
  rendererMedianMs: number;
  rendererMaxMs: number;
}

const median = (sorted: number[]) => sorted[Math.floor((sorted.length - 1) / 2)]!;

const slow4g = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

/** In the page: a visible, enabled option of a question matching `selector` exists. */
function optionReady(selector: string): boolean {
  const input = document.querySelector<HTMLInputElement>(
    `${selector.split(",").join(" input,")} input`,
  );
  if (!input || input.disabled) return false;
  const box = input.closest(selector)?.getBoundingClientRect();
  return box !== undefined && box.height > 0;
}

export async function respondentPageInteractive(
  distDir: string,
  runs = 3,
): Promise<InteractiveResult> {
  const handle = await createPgliteDb(undefined);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
  try {
    await migrateToLatest(handle.db);
    const { setup } = await seedDemo(handle.db, new Date(), 0);
    const app = createApp({
      db: handle.db,
      dbKind: handle.kind,
      config: testConfig(),
      assets: createStaticAssets(distDir),
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    const { port } = server.address() as AddressInfo;
    const token = setup.schoolChannels[0]?.token;
    const times: number[] = [];
    const rendererTimes: number[] = [];
    try {
      for (let run = 0; run < runs; run++) {
        // A fresh context each time: an empty cache, as on a first visit.
        const context = await browser.newContext({
          viewport: { width: 390, height: 844 },
          deviceScaleFactor: 2,
          isMobile: true,
          hasTouch: true,
          locale: "zh-CN",
        });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send("Network.enable");
        await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
        await cdp.send("Network.emulateNetworkConditions", slow4g);
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
        const started = Date.now();
        await page.goto(`http://127.0.0.1:${port}/s/${token}`, { waitUntil: "commit" });
        const firstReady = page
          .waitForFunction(optionReady, ".jh-question, .sd-question", {
            timeout: 60_000,
            polling: 50,
          })
          .then(() => Date.now() - started);
        const rendererReady = page
          .waitForFunction(optionReady, ".sd-question", {
            timeout: 60_000,
            polling: 50,
          })
          .then(() => Date.now() - started);
        times.push(await firstReady);
        rendererTimes.push(await rendererReady);
        await context.close();
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    times.sort((a, b) => a - b);
    rendererTimes.sort((a, b) => a - b);
    return {
      runs,
      medianMs: median(times),
      maxMs: times[times.length - 1]!,
      rendererMedianMs: median(rendererTimes),
      rendererMaxMs: rendererTimes[rendererTimes.length - 1]!,
    };
  } finally {
    await browser.close();
    await handle.close();
  }
}
