import { isRecord } from "./safe-storage.ts";

/** What the server embeds in the page (see api/survey-page/views/respondent-page.ts). */
export interface Boot {
  token: string;
  campaign: { id: number; name: string; district: string; closesAt: string };
  school: { code: string; name: string } | null;
  presetGroup: string | null;
  /** survey-core variables the questionnaire's texts name: `{district}`, `{area}`, … */
  wording?: Record<string, string>;
  /** Several people may answer on this link from one phone, one after the other. */
  sharedDevice: boolean;
  /** How answers arrive: on interviewer and telephone links an interviewer enters a code first. */
  mode: "online" | "interviewer" | "telephone" | "paper";
  questionnaire: { id: number; survey: Record<string, unknown> };
  /** About how long the questionnaire takes, in whole minutes. */
  minutes: number;
  submitUrl: string;
}

/** Reads the JSON data block the server put in the page; throws if it is not there. */
export function readBoot(doc: Document): Boot {
  const raw = doc.getElementById("junheng-boot")?.textContent;
  if (!raw) throw new Error("the page has no junheng-boot data");
  const boot = JSON.parse(raw) as unknown;
  if (
    !isRecord(boot) ||
    typeof boot.token !== "string" ||
    !isRecord(boot.campaign) ||
    typeof boot.campaign.id !== "number" ||
    !isRecord(boot.questionnaire) ||
    typeof boot.questionnaire.id !== "number" ||
    !isRecord(boot.questionnaire.survey) ||
    typeof boot.minutes !== "number" ||
    typeof boot.submitUrl !== "string"
  ) {
    throw new Error("the junheng-boot data is malformed");
  }
  // A page served before the settings existed has none: one response per phone, as then.
  return {
    ...(boot as unknown as Boot),
    sharedDevice: boot.sharedDevice === true,
    mode: boot.mode === "interviewer" || boot.mode === "telephone" ? boot.mode : "online",
  };
}
