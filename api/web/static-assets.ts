import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { Hono } from "hono";
import { errorBody } from "../http/errors.ts";
import { message } from "../http/messages.ts";

interface Asset {
  type: string;
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  etag: string;
}

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
  name?: string;
}

export interface EntryAssets {
  /** The entry script first, then every chunk it imports, statically or lazily (to modulepreload). */
  scripts: string[];
  styles: string[];
}

/**
 * Lazy chunks a page needs on some visits only (the interviewer screens on an interviewer's
 * link): named by their source as the build manifest keys them, e.g.
 * "respondent/interviewer-session.ts". They are left out of `scripts`, so no other visit
 * downloads them ahead; the chunk still loads when the page imports it.
 */
export type OnDemandChunks = readonly string[];

export interface StaticAssets {
  /** Serves `GET /assets/*`: precompressed, immutable (names carry content hashes). */
  routes: Hono;
  /** The URLs a page needs for one build entry, e.g. "respondent". */
  entry(name: string, onDemand?: OnDemandChunks): EntryAssets;
}

const types: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

function load(file: string, name: string): Asset {
  const read = (suffix: string) =>
    existsSync(file + suffix) ? readFileSync(file + suffix) : undefined;
  const identity = readFileSync(file);
  const hash = /-([A-Za-z0-9_-]{8,})\.\w+$/.exec(name)?.[1] ?? String(identity.length);
  return {
    type: types[path.extname(file)] ?? "application/octet-stream",
    identity,
    br: read(".br"),
    gzip: read(".gz"),
    etag: `"${hash}"`,
  };
}

/** Picks the best encoding the client accepts (q=0 means "not acceptable"). */
function accepts(header: string | undefined, encoding: string): boolean {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [name, ...params] = part.trim().split(";");
    if (name?.trim().toLowerCase() !== encoding) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * The built browser assets, read once at start-up into memory (a few hundred
 * KB), so serving one is a map lookup. Throws when the build is missing.
 */
export function createStaticAssets(distDir: string): StaticAssets {
  const manifestFile = path.join(distDir, ".vite/manifest.json");
  if (!existsSync(manifestFile)) {
    throw new Error(`browser assets are not built (${manifestFile} missing): run "npm run build"`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, ManifestChunk>;
  const assetsDir = path.join(distDir, "assets");
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(assetsDir)) {
    if (name.endsWith(".br") || name.endsWith(".gz")) continue;
    assets.set(name, load(path.join(assetsDir, name), name));
  }

  const routes = new Hono().get("/assets/:name", (c) => {
    const asset = assets.get(c.req.param("name"));
    if (!asset) return c.json(errorBody("not_found", message("not_found")), 404);
    c.header("Content-Type", asset.type);
    c.header("Cache-Control", "public, max-age=31536000, immutable");
    c.header("ETag", asset.etag);
    c.header("Vary", "Accept-Encoding");
    if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304);
    const acceptEncoding = c.req.header("accept-encoding");
    let body = asset.identity;
    if (asset.br && accepts(acceptEncoding, "br")) {
      c.header("Content-Encoding", "br");
      body = asset.br;
    } else if (asset.gzip && accepts(acceptEncoding, "gzip")) {
      c.header("Content-Encoding", "gzip");
      body = asset.gzip;
    }
    return c.body(new Uint8Array(body));
  });

  function entry(name: string, onDemand: OnDemandChunks = []): EntryAssets {
    const found = Object.entries(manifest).find(([, ch]) => ch.isEntry && ch.name === name);
    if (!found) throw new Error(`no build entry "${name}" in ${manifestFile}`);
    const [entryKey, chunk] = found;
    const scripts = [`/assets/${path.basename(chunk.file)}`];
    const styles = new Set<string>();
    const visit = (ch: ManifestChunk, seen: Set<string>) => {
      for (const css of ch.css ?? []) styles.add(`/assets/${path.basename(css)}`);
      // Lazily imported chunks too: the respondent page imports the questionnaire
      // renderer after its shell runs, and preloading it avoids a second round trip on 4G.
      for (const key of [...(ch.imports ?? []), ...(ch.dynamicImports ?? [])]) {
        const imported = manifest[key];
        if (imported && !seen.has(key) && !onDemand.includes(key)) {
          seen.add(key);
          scripts.push(`/assets/${path.basename(imported.file)}`);
          visit(imported, seen);
        }
      }
    };
    // A lazy chunk may import the entry back (shared helpers): never list the entry twice.
    visit(chunk, new Set([entryKey]));
    return { scripts, styles: [...styles] };
  }

  return { routes, entry };
}
