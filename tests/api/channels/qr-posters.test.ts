import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import strings from "../../../api/channels/views/poster.json" with { type: "json" };
import { channelUrl } from "../../../api/channels/channel-url.ts";
import {
  allPostersFileName,
  posterBundle,
  safeFileName,
  type PosterChannel,
} from "../../../api/channels/poster-bundle.ts";
import { qrPng, qrSvg } from "../../../api/channels/qr-code.ts";
import { zipArchive } from "../../../api/http/zip-archive.ts";
import {
  channelPoster,
  closingDateText,
  type ChannelPosterInput,
} from "../../../api/channels/views/channel-poster.ts";

const ci = process.env.CI === "true";
const dir = mkdtempSync(path.join(tmpdir(), "junheng-qr-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function installed(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).error === undefined;
}

/** A system tool the test needs: missing is a skip locally, a failure under CI=true. */
function tool(command: string, args: string[], install: string): boolean {
  if (installed(command, args)) return true;
  const reason = `${command} is not installed (Debian: apt-get install ${install})`;
  if (ci) throw new Error(`${reason}; under CI=true nothing may be skipped`);
  process.stdout.write(`[junheng tests] SKIPPING the QR decoding test: ${reason}.\n`);
  return false;
}

const hasZbar = tool("zbarimg", ["--version"], "zbar-tools");
const hasUnzip = installed("unzip", ["-v"]);

function run(command: string, args: string[]): Buffer {
  const result = spawnSync(command, args, { maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} failed: ${String(result.stderr)}`);
  return result.stdout;
}

/** What zbarimg reads in a PNG (stdout only: it prints a harmless D-Bus notice on stderr). */
function decodeQr(png: Buffer): string {
  const file = path.join(dir, `${randomBytes(6).toString("hex")}.png`);
  writeFileSync(file, png);
  return run("zbarimg", ["-q", "--raw", file]).toString("utf8").replace(/\n$/, "");
}

function writeZip(zip: Buffer): string {
  const file = path.join(dir, `${randomBytes(6).toString("hex")}.zip`);
  writeFileSync(file, zip);
  return file;
}

/** Names in a ZIP, read by Info-ZIP (or Python's zipfile where unzip is missing). */
function zipNames(file: string): string[] {
  if (hasUnzip) run("unzip", ["-tq", file]);
  const out = hasUnzip
    ? run("unzip", ["-Z1", file])
    : run("python3", [
        "-c",
        "import sys,zipfile;print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
        file,
      ]);
  return out.toString("utf8").split("\n").filter(Boolean);
}

function zipEntry(file: string, name: string): Buffer {
  return hasUnzip
    ? run("unzip", ["-p", file, name])
    : run("python3", [
        "-c",
        "import sys,zipfile;sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))",
        file,
        name,
      ]);
}

const base = "https://jh.example.edu.cn/";
const token = "Ab3_x-9ZqLmN0pQr";
const url = channelUrl(base, token);

async function posterInput(
  overrides: Partial<ChannelPosterInput> = {},
): Promise<ChannelPosterInput> {
  return {
    campaignName: "示范区2026年义务教育优质均衡发展公众满意度调查",
    district: "示范区",
    schoolName: "示范区实验小学",
    label: "校门海报",
    url,
    closesAt: new Date("2026-12-21T00:00:00+08:00"),
    qrSvg: await qrSvg(url),
    ...overrides,
  };
}

describe("channelUrl", () => {
  it("joins base and token with exactly one slash", () => {
    expect(url).toBe("https://jh.example.edu.cn/s/Ab3_x-9ZqLmN0pQr");
    expect(channelUrl("http://localhost:3000", token)).toBe(`http://localhost:3000/s/${token}`);
    expect(channelUrl("https://a.cn/survey//", token)).toBe(`https://a.cn/survey/s/${token}`);
  });
});

describe("QR codes", () => {
  it.skipIf(!hasZbar)("a PNG decodes back to exactly the channel URL", async () => {
    const png = await qrPng(url);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(1024); // IHDR width
    expect(decodeQr(png)).toBe(url);
    expect(decodeQr(await qrPng(url, 200))).toBe(url);
  });

  it("an SVG is one scalable <svg> element with a square viewBox", async () => {
    const svg = (await qrSvg(url)).trim();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*>.*<\/svg>$/s);
    const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
    expect(box?.[1]).toBe(box?.[2]);
    // 17 + 4 × version modules, plus the 4-module quiet zone on each side.
    expect((Number(box?.[1]) - 8 - 17) % 4).toBe(0);
    expect(svg).not.toMatch(/<script|href=/i);
  });

  it("rejects absurd PNG sizes", async () => {
    await expect(qrPng(url, 10)).rejects.toThrow(RangeError);
    await expect(qrPng(url, 10_000)).rejects.toThrow(RangeError);
  });
});

describe("closingDateText", () => {
  it("prints the last day answers are taken, in Beijing time", () => {
    // closesAt is exclusive: midnight means the whole previous day.
    expect(closingDateText(new Date("2026-12-21T00:00:00+08:00"))).toEqual({
      zh: "2026年12月20日",
      en: "20 December 2026",
    });
    expect(closingDateText(new Date("2026-12-20T23:59:59+08:00")).zh).toBe("2026年12月20日");
    expect(closingDateText(new Date("2026-12-20T17:00:00+08:00")).zh).toBe("2026年12月20日 17:00");
    // 16:30 UTC is already 00:30 the next day in Shanghai.
    expect(closingDateText(new Date("2026-12-20T16:30:00Z")).zh).toBe("2026年12月21日 00:30");
  });
});

describe("channelPoster", () => {
  it("is a standalone A4 print document with school, QR, instruction, link, date and privacy line", async () => {
    const html = channelPoster(await posterInput());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("@page { size: A4; margin: 15mm }");
    expect(html).toContain("<h1>示范区实验小学</h1>");
    expect(html).toMatch(/<div class="qr"><svg [^>]*viewBox=/);
    expect(html).toContain("请用微信扫描二维码，填写匿名满意度问卷，约需 3 分钟");
    expect(html).toContain("填写截止：2026年12月20日");
    expect(html).toContain(`<span class="url">${url}</span>`);
    expect(html).toContain("匿名填写，不收集姓名和电话");
    expect(html).toContain('lang="en"');
  });

  it("loads nothing: no scripts and no external references except the printed link", async () => {
    const html = channelPoster(await posterInput());
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|@import/i);
    const others = html.replaceAll(url, "").replaceAll('xmlns="http://www.w3.org/2000/svg"', "");
    expect(others).not.toMatch(/https?:|\/\//i);
  });

  it("addresses parents on a parents' channel, and stays neutral about the answers", async () => {
    const html = channelPoster(await posterInput({ presetGroup: "parent", minutes: 5 }));
    expect(html).toContain("请家长用微信扫描二维码，填写匿名满意度问卷，约需 5 分钟");
    const text = JSON.stringify(strings);
    expect(text).not.toMatch(/非常满意|满意度高|好评|五星|满分|点赞|支持|配合|请选择/);
  });

  it("escapes every name, and heads a district channel with the district", async () => {
    const evil = "<script>alert('x')</script>&";
    const html = channelPoster(
      await posterInput({
        campaignName: evil,
        district: `${evil}区`,
        schoolName: null,
        label: evil,
      }),
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;区</h1>");
    expect(html).toContain("<title>&lt;script&gt;");
    await expect(posterInput({ qrSvg: "<script>x</script>" }).then(channelPoster)).rejects.toThrow(
      /qrSvg/,
    );
  });
});

describe("zipArchive", () => {
  it("writes a ZIP that Info-ZIP lists and extracts byte for byte, Chinese names included", () => {
    const files = [
      { name: "01-示范区实验小学-校门海报.html", data: "<p>示范区实验小学</p>".repeat(200) },
      { name: "random.bin", data: randomBytes(5000) },
      { name: "empty.txt", data: "" },
      { name: "sub/说明 (v2).txt", data: Buffer.from("第二行\r\n") },
    ];
    const zip = zipArchive(files, { modifiedAt: new Date(2026, 10, 29, 8, 30) });
    const file = writeZip(zip);
    expect(zipNames(file)).toEqual(files.map((f) => f.name));
    for (const f of files) {
      const expected = typeof f.data === "string" ? Buffer.from(f.data, "utf8") : f.data;
      expect(zipEntry(file, f.name).equals(expected)).toBe(true);
    }
    // Repetitive text is deflated; the random bytes are stored, not inflated.
    expect(zip.length).toBeLessThan(5000 + 2000);
    expect(zip.readUInt16LE(6) & 0x0800).toBe(0x0800);
  });

  it("refuses names that would escape the folder or collide", () => {
    for (const name of ["../x", "/etc/passwd", "a\\b", "a//b", ""]) {
      expect(() => zipArchive([{ name, data: "x" }])).toThrow(/unsafe/);
    }
    expect(() =>
      zipArchive([
        { name: "a", data: "1" },
        { name: "a", data: "2" },
      ]),
    ).toThrow(/duplicate/);
  });
});

describe("posterBundle", () => {
  const channels: PosterChannel[] = [
    { token: "AAAAAAAAAAAAAAAA", label: "校门海报", schoolName: "示范区实验小学" },
    {
      token: "BBBBBBBBBBBBBBBB",
      label: "家长群/班级群",
      schoolName: "第二中学",
      presetGroup: "parent",
    },
    { token: "CCCCCCCCCCCCCCCC", label: "社会公众", schoolName: null },
  ];
  const opts = {
    publicBaseUrl: base,
    campaign: {
      name: "示范区2026年义务教育优质均衡发展公众满意度调查",
      district: "示范区",
      closesAt: new Date("2026-12-21T00:00:00+08:00"),
    },
  };

  it("zips one poster and one QR PNG per channel plus a print-all sheet, reporting progress", async () => {
    const progress: [number, number][] = [];
    const zip = await posterBundle(channels, opts, (done, total) => progress.push([done, total]));
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    const file = writeZip(zip);
    expect(zipNames(file)).toEqual([
      allPostersFileName,
      "01-示范区实验小学-校门海报.html",
      "01-示范区实验小学-校门海报.png",
      "02-第二中学-家长群_班级群.html",
      "02-第二中学-家长群_班级群.png",
      "03-示范区-社会公众.html",
      "03-示范区-社会公众.png",
    ]);
    const poster = zipEntry(file, "02-第二中学-家长群_班级群.html").toString("utf8");
    expect(poster).toContain("<h1>第二中学</h1>");
    expect(poster).toContain(channelUrl(base, "BBBBBBBBBBBBBBBB"));
    expect(poster).toContain("请家长用微信扫描二维码");
    const all = zipEntry(file, allPostersFileName).toString("utf8");
    expect(all.match(/<main class="poster">/g)).toHaveLength(3);
    const png = zipEntry(file, "03-示范区-社会公众.png");
    expect(png.readUInt32BE(16)).toBe(768); // IHDR width
    if (hasZbar) {
      expect(decodeQr(png)).toBe(channelUrl(base, "CCCCCCCCCCCCCCCC"));
    }
  });

  it("yields an empty but valid ZIP for no channels, without progress calls", async () => {
    const calls: number[] = [];
    const zip = await posterBundle([], opts, (done) => calls.push(done));
    expect(calls).toEqual([]);
    expect(zip.length).toBe(22);
    expect(zip.readUInt32LE(0)).toBe(0x06054b50);
  });

  it("makes file names safe on every file system", () => {
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j')).toBe("a_b_c_d_e_f_g_h_i_j");
    expect(safeFileName("  ..学校\n名称.  ")).toBe("学校 名称");
    expect(safeFileName("...")).toBe("_");
    expect([...safeFileName("校".repeat(100))]).toHaveLength(60);
  });
});
