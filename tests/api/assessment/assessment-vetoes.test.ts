import { describe, expect, it } from "vitest";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

interface ErrorJson {
  error: { code: string; message: string };
}

describe.each(availableDbKinds())("veto checklist, evidence and entered figures on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 1 },
    accounts: {
      admin: { role: "admin" },
      viewer: { role: "viewer" },
      publicity: { role: "publicity" },
    },
  });
  const { seeded } = ctx;
  const { admin, viewer, publicity } = ctx.accounts;

  const url = (rest: string) => `/api/campaigns/${seeded.campaignId}${rest}`;
  const putJson = (who: SignedIn, path: string, body: unknown) =>
    who.request(url(path), {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const upload = (who: SignedIn, item: string, name: string, bytes: Uint8Array<ArrayBuffer>) =>
    who.request(url(`/vetoes/${item}/files?name=${encodeURIComponent(name)}`), {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: bytes,
    });
  const auditActions = async () =>
    (await ctx.db.selectFrom("audit_log").select("action").execute()).map((r) => r.action);

  it("records a veto item's status, note, departments and due date; viewers read, others may not", async () => {
    const entry = {
      status: "not_met",
      note: "两所薄弱学校改造未完工",
      departments: ["区教委", "区发改委"],
      dueDate: "2026-06-30",
    };
    expect((await putJson(viewer, "/vetoes/weak_school_renovation", entry)).status).toBe(403);
    expect((await putJson(publicity, "/vetoes/weak_school_renovation", entry)).status).toBe(403);
    const res = await putJson(admin, "/vetoes/weak_school_renovation", entry);
    expect(res.status).toBe(200);
    const got = await viewer.request(url("/vetoes/weak_school_renovation"));
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({
      itemId: "weak_school_renovation",
      entry: { status: "not_met", departments: ["区教委", "区发改委"], dueDate: "2026-06-30" },
    });
    expect((await publicity.request(url("/vetoes/weak_school_renovation"))).status).toBe(403);
    expect((await admin.request(url("/vetoes/no_such_item"))).status).toBe(404);
    expect((await putJson(admin, "/vetoes/no_such_item", entry)).status).toBe(404);
    for (const bad of [
      { ...entry, status: "maybe" },
      { ...entry, dueDate: "2026-02-30" },
      { ...entry, note: "x".repeat(4001) },
      { ...entry, extra: true },
      "[",
    ]) {
      expect((await putJson(admin, "/vetoes/weak_school_renovation", bad)).status).toBe(400);
    }
    expect(await auditActions()).toContain("assessment.veto.update");
    const list = (await (await viewer.request(url("/vetoes"))).json()) as {
      items: { itemId: string }[];
    };
    expect(list.items.map((i) => i.itemId)).toContain("satisfaction");
  });

  it("stores evidence files by content type, refuses others and oversized ones, and serves them back", async () => {
    const ok = await upload(admin, "safety", "安全检查报告.pdf", pdf);
    expect(ok.status).toBe(201);
    const { file } = (await ok.json()) as { file: { id: number; mediaType: string; size: number } };
    expect(file).toMatchObject({ mediaType: "application/pdf", size: pdf.length });
    const image = await upload(admin, "safety", "photo.png", png);
    expect(((await image.json()) as { file: { mediaType: string } }).file.mediaType).toBe(
      "image/png",
    );
    // A text file named .pdf and a program are refused by their bytes.
    const fake = await upload(admin, "safety", "report.pdf", new TextEncoder().encode("hello"));
    expect(fake.status).toBe(415);
    expect(((await fake.json()) as ErrorJson).error.code).toBe("unsupported_media_type");
    expect(
      (await upload(admin, "safety", "a.exe", new Uint8Array([0x4d, 0x5a, 0, 0]))).status,
    ).toBe(415);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(pdf);
    const tooBig = await upload(admin, "safety", "big.pdf", big);
    expect(tooBig.status).toBe(413);
    expect((await upload(admin, "safety", "empty.pdf", new Uint8Array())).status).toBe(400);
    const noName = await admin.request(url("/vetoes/safety/files"), {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: pdf,
    });
    expect(noName.status).toBe(400);
    expect((await upload(viewer, "safety", "x.pdf", pdf)).status).toBe(403);
    expect((await upload(admin, "nope", "x.pdf", pdf)).status).toBe(404);

    const listed = (await (await viewer.request(url("/vetoes/safety/files"))).json()) as {
      files: { fileName: string }[];
    };
    expect(listed.files.map((f) => f.fileName)).toEqual(["安全检查报告.pdf", "photo.png"]);
    const download = await viewer.request(url(`/vetoes/safety/files/${file.id}`));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("安全检查报告.pdf")}`,
    );
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    // The file hangs on an item of this path only.
    expect((await viewer.request(url(`/vetoes/fund_misuse/files/${file.id}`))).status).toBe(404);
    expect((await viewer.request(url("/vetoes/safety/files/999999"))).status).toBe(404);
    expect((await viewer.request(url("/vetoes/safety/files/abc"))).status).toBe(404);
    // Uploading created the item's entry, still unknown.
    const entry = (await (await viewer.request(url("/vetoes/safety"))).json()) as {
      entry: { status: string };
    };
    expect(entry.entry.status).toBe("unknown");
    expect(await auditActions()).toContain("assessment.evidence.upload");
  });

  it("sums the government score and refuses unknown or out-of-range points", async () => {
    const view = (await (await viewer.request(url("/government-score"))).json()) as {
      indicators: { id: string; maxPoints: number }[];
      summary: { status: string };
    };
    expect(view.indicators).toHaveLength(17);
    expect(view.summary.status).toBe("unknown");
    const all = Object.fromEntries(view.indicators.map((i) => [i.id, i.maxPoints * 0.9]));
    const res = await putJson(admin, "/government-score", { scores: all });
    expect(res.status).toBe(200);
    const saved = (await res.json()) as { summary: { total: number; status: string } };
    expect(saved.summary.total).toBeCloseTo(90, 9);
    expect(saved.summary.status).toBe("pass");
    const first = view.indicators[0] as { id: string; maxPoints: number };
    const over = await putJson(admin, "/government-score", {
      scores: { [first.id]: first.maxPoints + 1, unknown_item: 1 },
    });
    expect(over.status).toBe(422);
    // The refused request changed nothing.
    const after = (await (await viewer.request(url("/government-score"))).json()) as {
      summary: { total: number };
    };
    expect(after.summary.total).toBeCloseTo(90, 9);
    expect((await putJson(viewer, "/government-score", { scores: {} })).status).toBe(403);
    expect((await putJson(admin, "/government-score", { scores: { x: "5" } })).status).toBe(400);
  });

  it("stores the budget series and judges the three growths per year", async () => {
    const year = (y: number, grow: boolean) => ({
      year: y,
      educationAppropriation: 1000 * (grow ? 1.1 : 1) ** (y - 2020),
      regularFiscalRevenue: 5000 * 1.05 ** (y - 2020),
      staffPay: 90_000 + (y - 2020) * 1000,
      perStudentSpending: { primary: 12_000 + (y - 2020) * 100, junior: 15_000 + (y - 2020) * 100 },
      perStudentPublicFunds: { primary: 700 + (y - 2020) * 10, junior: 900 + (y - 2020) * 10 },
    });
    const res = await putJson(admin, "/budget-years", {
      years: [year(2022, true), year(2023, true), year(2024, true), year(2025, true)],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      years: { year: number }[];
      threeGrowths: { status: string; years: { year: number; status: string }[] };
    };
    expect(body.years.map((y) => y.year)).toEqual([2022, 2023, 2024, 2025]);
    expect(body.threeGrowths.status).toBe("pass");
    expect(body.threeGrowths.years.map((y) => y.year)).toEqual([2023, 2024, 2025]);
    const repeated = await putJson(admin, "/budget-years", {
      years: [year(2024, true), year(2024, true)],
    });
    expect(repeated.status).toBe(400);
    expect((await putJson(admin, "/budget-years", { years: [{ year: 2024 }] })).status).toBe(400);
    expect((await putJson(viewer, "/budget-years", { years: [] })).status).toBe(403);
  });

  it("checks province overrides and the disabled-children rate before storing them", async () => {
    const good = await putJson(admin, "/assessment-settings", {
      disabledEnrolmentRate: 0.93,
      schemeOverrides: { disabledEnrolmentThreshold: 0.95 },
    });
    expect(good.status).toBe(200);
    const bad = await putJson(admin, "/assessment-settings", {
      disabledEnrolmentRate: 0.5,
      schemeOverrides: { disabledEnrolmentThreshold: 7 },
    });
    expect(bad.status).toBe(422);
    expect(
      (
        await putJson(admin, "/assessment-settings", {
          disabledEnrolmentRate: 1.5,
          schemeOverrides: null,
        })
      ).status,
    ).toBe(400);
    expect(await (await viewer.request(url("/assessment-settings"))).json()).toEqual({
      disabledEnrolmentRate: 0.93,
      schemeOverrides: { disabledEnrolmentThreshold: 0.95 },
    });
  });
});
