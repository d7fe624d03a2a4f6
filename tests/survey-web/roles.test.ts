import { describe, expect, it } from "vitest";
import type { StaffRole } from "../../api/db/database.ts";
import { permissionsOf } from "../../api/staff/permissions.ts";
import {
  mayCreateChannels,
  mayDownloadPosters,
  mayEdit,
  mayExport,
  mayOpen,
  maySeeSatisfaction,
  pagesFor,
} from "../../survey-web/staff/roles.ts";

/*
 * The staff pages' doors, read from the permissions GET /api/auth/me sends
 * (api/staff/permissions.ts), written out per role: what each role saw when the
 * pages kept their own role table. A change of the permission table that moves a
 * door shows here.
 */
const expected: Record<StaffRole, { pages: string[]; buttons: string[] }> = {
  admin: {
    pages: [
      "dashboard",
      "schools",
      "channels",
      "interviewers",
      "paper",
      "report",
      "integrity",
      "readiness",
      "questionnaires",
      "settings",
      "accounts",
    ],
    buttons: ["edit", "export", "createChannels", "posters", "satisfaction"],
  },
  school: { pages: ["dashboard", "channels"], buttons: ["createChannels", "posters"] },
  publicity: { pages: ["dashboard", "report"], buttons: [] },
  viewer: { pages: ["dashboard", "report", "integrity", "readiness"], buttons: ["satisfaction"] },
};

describe.each(Object.keys(expected) as StaffRole[])("the %s account's doors", (role) => {
  const permissions = permissionsOf(role);

  it("opens the same pages as before, in the same order", () => {
    expect(pagesFor(permissions)).toEqual(expected[role].pages);
    for (const page of expected.admin.pages as ReturnType<typeof pagesFor>) {
      expect(mayOpen(permissions, page)).toBe(expected[role].pages.includes(page));
    }
  });

  it("shows the same buttons as before", () => {
    const edits = [
      mayEdit(permissions, "campaign.manage"),
      mayEdit(permissions, "schools.manage"),
      mayEdit(permissions, "analysis.manage"),
      mayEdit(permissions, "integrity.review"),
      mayEdit(permissions, "assessment.manage"),
    ];
    const shown = [
      ...(edits.every(Boolean) ? ["edit"] : edits.some(Boolean) ? ["some edits"] : []),
      ...(mayExport(permissions) ? ["export"] : []),
      ...(mayCreateChannels(permissions) ? ["createChannels"] : []),
      ...(mayDownloadPosters(permissions) ? ["posters"] : []),
      ...(maySeeSatisfaction(permissions) ? ["satisfaction"] : []),
    ];
    expect(shown).toEqual(expected[role].buttons);
  });
});
