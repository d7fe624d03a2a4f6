import { describe, expect, it } from "vitest";
import type { ReportView } from "../../api/analysis/types.ts";
import type { SamplePlanView } from "../../api/campaigns/types.ts";
import { sampleTable } from "../../survey-web/staff/pages/report-audit.ts";
import { useSeededApp } from "../helpers/seeded-app.ts";
import { put, submissionBody, validSocialAnswers } from "../helpers/submission.ts";

/** The text of the table row whose header cell is `name`, cells joined by "|". */
function row(html: string, name: string): string {
  const rows = html.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
  const found = rows.find((r) => r.includes(`>${name}</th>`)) ?? "";
  return found
    .replace(/<[^>]+>/g, "|")
    .replace(/\s+/g, " ")
    .replace(/(\s*\|\s*)+/g, "|");
}

describe("the report's sample table", () => {
  const ctx = useSeededApp("pglite", { accounts: { admin: { role: "admin" } } });
  const { seeded } = ctx;

  it("shows each shared official quota with the responses of its groups together", async () => {
    for (const identity of ["deputy", "cppcc_member", "cppcc_member"]) {
      // Not a parent: no child questions.
      const answers = validSocialAnswers({ identity });
      delete answers.child_level;
      const res = await put(
        ctx.app,
        crypto.randomUUID(),
        submissionBody(seeded.tokens.districtChannel, answers),
      );
      expect(res.status, await res.clone().text()).toBe(200);
    }
    const base = `/api/campaigns/${seeded.campaignId}`;
    const plan = (await (
      await ctx.accounts.admin.request(`${base}/sample-plan`)
    ).json()) as SamplePlanView;
    const report = (await (
      await ctx.accounts.admin.request(`${base}/report`)
    ).json()) as ReportView;
    const quota = plan.quotas.find((q) => q.groups.includes("deputy"));
    expect(quota?.groups).toEqual(["deputy", "cppcc_member"]);
    const html = sampleTable(report.sample, plan).value;
    expect(row(html, "人大代表、政协委员")).toMatch(
      new RegExp(`^\\|人大代表、政协委员\\|3\\|${quota?.target}\\|`),
    );
  });
});
