import { readFileSync } from "node:fs";

/**
 * The V8 flags `npm start` gives node (package.json; the API's heap budget), for whatever
 * starts the API process another way (the bench, tests) to start it alike.
 */
export function startFlags(): string[] {
  const manifest = JSON.parse(
    readFileSync(new URL("../package.json", import.meta.url), "utf8"),
  ) as { scripts: { start: string } };
  return manifest.scripts.start.split(/\s+/).filter((token) => /^--[\w-]+=\S+$/.test(token));
}
