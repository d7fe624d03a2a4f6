import type { Kysely } from "kysely";
import type { SatisfactionScale } from "../../analysis/index.ts";
import type { CampaignStatus, Database, Scheme } from "../../api/db/database.ts";
import { type CampaignSetup, setUpCampaign } from "../../api/demo/campaign-setup.ts";
import { demoDistrict } from "../../api/demo/demo-district.ts";

export interface SeedOptions {
  scheme?: Scheme;
  status?: CampaignStatus;
  opensAt?: Date;
  closesAt?: Date;
  /** How many of the demo district's schools to create (default 4). */
  schools?: number;
  /**
   * The satisfaction scale (default: with 不了解, so the fixtures' sheets may answer it; 3
   * points under 2012, 4 under 2017, as the questionnaires had before scales were a setting).
   */
  scale?: SatisfactionScale;
}

export interface SeededCampaign {
  campaignId: number;
  setup: CampaignSetup;
  tokens: {
    schoolChannel: string;
    districtChannel: string;
    staffChannel: string;
    deputyChannel: string;
  };
  schoolCodes: string[];
}

/** An open campaign (by default) shaped like a real one, without responses. */
export async function seedCampaign(
  db: Kysely<Database>,
  opts: SeedOptions = {},
): Promise<SeededCampaign> {
  const now = Date.now();
  const scheme = opts.scheme ?? "basic_2012";
  const setup = await setUpCampaign(db, {
    name: "测试区满意度调查",
    scheme,
    scale: opts.scale ?? { points: scheme === "basic_2012" ? 3 : 4, dontKnow: true },
    district: "测试区",
    residentPopulation: 500_000,
    opensAt: opts.opensAt ?? new Date(now - 24 * 3600 * 1000),
    closesAt: opts.closesAt ?? new Date(now + 14 * 24 * 3600 * 1000),
    status: opts.status ?? "open",
    schools: demoDistrict.schools.slice(0, opts.schools ?? 4),
  });
  const [district, staff, deputy] = setup.districtChannels;
  const school = setup.schoolChannels[0];
  if (!district || !staff || !deputy || !school) throw new Error("seeded channels missing");
  return {
    campaignId: setup.campaignId,
    setup,
    tokens: {
      schoolChannel: school.token,
      districtChannel: district.token,
      staffChannel: staff.token,
      deputyChannel: deputy.token,
    },
    schoolCodes: setup.schools.map((s) => s.code),
  };
}
