import type { DistrictLevel, RespondentGroup, Scheme } from "../db/database.ts";

/**
 * The words a questionnaire's texts leave open, as survey-core variables (`{area}` in a title):
 * the page and the server's first-questions pre-render set the same ones, so one stored version
 * reads right in every campaign (the analysis reads question names, never texts).
 */
export interface QuestionnaireWording {
  /** The district's name, e.g. 示范区. */
  district: string;
  /** 区 / 县 / 市, as people say 本区, 本县, 本市. */
  area: string;
  /** district / county / city, for the English texts. */
  areaEn: string;
  /** 基本均衡 (2012 method) or 优质均衡 (2017 method). */
  balance: string;
  balanceEn: string;
}

const areaWords: Record<DistrictLevel, { zh: string; en: string }> = {
  district: { zh: "区", en: "district" },
  county: { zh: "县", en: "county" },
  // A county-level city calls itself 本市.
  county_city: { zh: "市", en: "city" },
};

const balanceWords: Record<Scheme, { zh: string; en: string }> = {
  basic_2012: { zh: "基本均衡", en: "basically balanced" },
  quality_2017: { zh: "优质均衡", en: "high-quality balanced" },
};

export function questionnaireWording(input: {
  districtName: string;
  level: DistrictLevel;
  scheme: Scheme;
}): QuestionnaireWording {
  const area = areaWords[input.level];
  const balance = balanceWords[input.scheme];
  return {
    district: input.districtName,
    area: area.zh,
    areaEn: area.en,
    balance: balance.zh,
    balanceEn: balance.en,
  };
}

/**
 * The group a link's answers belong to before anyone picks one: the link's own, else the only
 * group the questionnaire serves (a student questionnaire asks no identity question).
 */
export function impliedGroup(
  presetGroup: RespondentGroup | null,
  served: readonly RespondentGroup[],
): RespondentGroup | null {
  if (presetGroup !== null) return presetGroup;
  return served.length === 1 ? served[0]! : null;
}

/**
 * A text with the campaign's words filled in, as survey-core's text processing does for the
 * respondent: for staff, who read the same questions in settings and reports.
 */
export function withWording(text: string, wording: QuestionnaireWording): string {
  const words: Readonly<Record<string, string>> = { ...wording };
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(words, name) ? words[name]! : whole,
  );
}
