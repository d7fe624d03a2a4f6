import { existsSync } from "node:fs";
import { createApp } from "../api/app.ts";
import { testConfig } from "../api/config.ts";
import { createPgliteDb } from "../api/db/create-db.ts";
import { migrateToLatest } from "../api/db/migrate.ts";
import { seedDemo } from "../api/demo/seed-demo.ts";
import { createStaticAssets } from "../api/web/static-assets.ts";

export interface PageWeight {
  htmlBytes: number;
  scriptBytes: number;
  styleBytes: number;
  totalBytes: number;
  encoding: string;
  files: number;
}

/**
 * What a phone downloads on its first visit to a survey link: the HTML and
 * every script and stylesheet it references, compressed as served (body bytes;
 * HTTP headers not counted).
 */
export async function respondentPageWeight(distDir: string): Promise<PageWeight> {
  if (!existsSync(distDir)) throw new Error(`${distDir} is missing: run npm run build`);
  const handle = await createPgliteDb(undefined);
  try {
    await migrateToLatest(handle.db);
    const { setup } = await seedDemo(handle.db, new Date(), 0);
    const app = createApp({
      db: handle.db,
      dbKind: handle.kind,
      config: testConfig(),
      assets: createStaticAssets(distDir),
    });
    const token = setup.schoolChannels[0]?.token;
    const headers = { "accept-encoding": "br, gzip" };
    const plain = await app.request(`/s/${token}`);
    if (plain.status !== 200) throw new Error(`survey page answered ${plain.status}`);
    const html = await plain.text();
    const compressed = await app.request(`/s/${token}`, { headers });
    const htmlBytes = (await compressed.arrayBuffer()).byteLength;
    const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
    let scriptBytes = 0;
    let styleBytes = 0;
    let encoding = "identity";
    for (const ref of new Set(refs)) {
      const res = await app.request(ref, { headers });
      encoding = res.headers.get("content-encoding") ?? "identity";
      const size = (await res.arrayBuffer()).byteLength;
      if (ref.endsWith(".css")) styleBytes += size;
      else scriptBytes += size;
    }
    return {
      htmlBytes,
      scriptBytes,
      styleBytes,
      totalBytes: htmlBytes + scriptBytes + styleBytes,
      encoding,
      files: new Set(refs).size + 1,
    };
  } finally {
    await handle.close();
  }
}
