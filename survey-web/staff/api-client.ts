// The one place that knows the API's URLs: pages call these functions.
import type { AnalysisSettingsView, ReportView } from "../../api/analysis/types.ts";
import type {
  AssessmentSettingsBody,
  AssessmentSettingsView,
  BudgetYearsBody,
  BudgetYearsView,
  CoefficientsView,
  GovernmentScoreBody,
  GovernmentScoreView,
  IndicatorImportSummary,
  ReadinessView,
  VetoChecklistView,
  VetoEntryBody,
  VetoItemView,
  WhatIfView,
} from "../../api/assessment/types.ts";
import type {
  CampaignAction,
  CampaignActionBody,
  CampaignList,
  CampaignPatch,
  CampaignView,
  SamplePlanView,
} from "../../api/campaigns/types.ts";
import type { ChannelDraft, ChannelList } from "../../api/channels/types.ts";
import type { DashboardView } from "../../api/dashboard/types.ts";
import type {
  ExclusionAnswer,
  ExclusionRecordView,
  ExclusionRequest,
  IntegrityView,
} from "../../api/integrity/types.ts";
import type {
  CampaignScaleBody,
  CopyCampaignBody,
  NewCampaignBody,
} from "../../api/rounds/types.ts";
import type { ImportSummary, SchoolList, SchoolPatch } from "../../api/schools/types.ts";
import type {
  PaperEntryResult,
  PaperForm,
  PaperLinkList,
  PaperSheetBody,
  PaperSheetDetail,
  PaperSheetList,
  ResolutionBody,
} from "../../api/paper/types.ts";
import type { Me } from "./me.ts";

/** An API answer other than 2xx, or no answer at all (status 0, code "network"). */
export class ApiError extends Error {
  // Fields are declared and set by hand: staff code has no class fields (survey-web/vite.config.ts).
  declare readonly status: number;
  declare readonly code: string;
  declare readonly details: unknown;
  /** Seconds from Retry-After (a locked login says how long to wait). */
  declare readonly retryAfter: number | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    details?: unknown,
    retryAfter?: number,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

let csrfToken = "";
let onUnauthenticated: (() => void) | null = null;

/** Called when a request finds the session gone (expired, revoked, logged out elsewhere). */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

async function errorFrom(res: Response): Promise<ApiError> {
  const retry = Number(res.headers.get("retry-after"));
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown };
  } | null;
  return new ApiError(
    res.status,
    body?.error?.code ?? `http_${res.status}`,
    body?.error?.message ?? res.statusText,
    body?.error?.details,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

interface SendOptions {
  body?: BodyInit;
  json?: unknown;
  contentType?: string;
  /** Login answers 401 for a wrong password: that is not an expired session. */
  expect401?: boolean;
  headers?: Record<string, string>;
  /** A conditional GET: 304 is an answer, not an error. */
  allow304?: boolean;
}

/** Sends a request with the session cookie and, when it changes state, the CSRF token. */
export async function send(
  method: string,
  path: string,
  opts: SendOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  if (method !== "GET" && method !== "HEAD") headers["x-csrf-token"] = csrfToken;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  } else if (opts.contentType) headers["content-type"] = opts.contentType;
  let res: Response;
  try {
    // no-store: the browser's cache never answers for the server (ETags are sent by hand).
    res = await fetch(path, {
      method,
      headers,
      body,
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (error) {
    throw new ApiError(0, "network", error instanceof Error ? error.message : String(error));
  }
  if (res.ok || (opts.allow304 && res.status === 304)) return res;
  const error = await errorFrom(res);
  if (res.status === 401 && !opts.expect401) onUnauthenticated?.();
  throw error;
}

async function json<T>(method: string, path: string, opts: SendOptions = {}): Promise<T> {
  const res = await send(method, path, opts);
  return (await res.json()) as T;
}

const campaign = (id: number) => `/api/campaigns/${encodeURIComponent(id)}`;

export const api = {
  /** Signs in: the answer carries the account, its permissions and the CSRF token. */
  async login(username: string, password: string): Promise<Me> {
    const me = await json<Me>("POST", "/api/auth/login", {
      json: { username, password },
      expect401: true,
    });
    csrfToken = me.csrfToken;
    return me;
  },
  /** The signed-in account, or null when there is no session. */
  async me(): Promise<Me | null> {
    try {
      const me = await json<Me>("GET", "/api/auth/me", { expect401: true });
      csrfToken = me.csrfToken;
      return me;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  async logout(): Promise<void> {
    await send("POST", "/api/auth/logout");
    csrfToken = "";
  },
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await send("POST", "/api/auth/password", { json: { currentPassword, newPassword } });
  },

  async campaigns(): Promise<CampaignList["campaigns"]> {
    return (await json<CampaignList>("GET", "/api/campaigns")).campaigns;
  },
  campaign: (id: number) => json<CampaignView>("GET", campaign(id)),
  updateCampaign: (id: number, patch: CampaignPatch) =>
    json<CampaignView>("PATCH", campaign(id), { json: patch }),
  /** A new campaign of the account's district, as a draft. */
  createCampaign: (body: NewCampaignBody) =>
    json<CampaignView>("POST", "/api/campaigns", { json: body }),
  /** A draft's satisfaction scale: its questionnaires' satisfaction items get the new options. */
  setCampaignScale: (id: number, body: CampaignScaleBody) =>
    json<CampaignView>("PUT", `${campaign(id)}/scale`, { json: body }),
  /** The next round of a campaign, as a draft. */
  copyCampaign: (id: number, body: CopyCampaignBody) =>
    json<CampaignView>("POST", `${campaign(id)}/copy`, { json: body }),
  /** Deletes a draft that has no responses. */
  async deleteCampaign(id: number): Promise<void> {
    await send("DELETE", campaign(id));
  },
  /** Publish, close, reopen or archive: the campaign as it now stands. */
  campaignAction: (id: number, action: CampaignAction, body: CampaignActionBody = {}) =>
    json<CampaignView>("POST", `${campaign(id)}/${action}`, { json: body }),
  samplePlan: (id: number) => json<SamplePlanView>("GET", `${campaign(id)}/sample-plan`),
  /**
   * The dashboard, or null when it is unchanged since `etag` (304): each poll
   * sends back the last ETag, so an idle campaign costs no body.
   */
  async dashboardIfChanged(
    id: number,
    etag: string | null,
  ): Promise<{ dashboard: DashboardView; etag: string | null } | null> {
    const res = await send("GET", `${campaign(id)}/dashboard`, {
      headers: etag ? { "if-none-match": etag } : {},
      allow304: true,
    });
    if (res.status === 304) return null;
    return { dashboard: (await res.json()) as DashboardView, etag: res.headers.get("etag") };
  },
  report: (id: number) => json<ReportView>("GET", `${campaign(id)}/report`),
  analysisSettings: (id: number) =>
    json<AnalysisSettingsView>("GET", `${campaign(id)}/analysis-settings`),
  saveAnalysisSettings: (id: number, settings: Record<string, unknown>) =>
    json<AnalysisSettingsView>("PUT", `${campaign(id)}/analysis-settings`, { json: settings }),

  async schools(id: number): Promise<SchoolList["schools"]> {
    return (await json<SchoolList>("GET", `${campaign(id)}/schools`)).schools;
  },
  updateSchool: (id: number, schoolId: number, patch: SchoolPatch) =>
    json<unknown>("PATCH", `${campaign(id)}/schools/${encodeURIComponent(schoolId)}`, {
      json: patch,
    }),
  importSchools: (id: number, file: Blob, contentType: string) =>
    json<ImportSummary>("POST", `${campaign(id)}/schools/import`, { body: file, contentType }),

  /** The links, and the respondent groups a new one may preset. */
  channels: (id: number) => json<ChannelList>("GET", `${campaign(id)}/channels`),
  createChannel: (id: number, draft: ChannelDraft) =>
    json<unknown>("POST", `${campaign(id)}/channels`, { json: draft }),
};

/** Plain links (downloads, new tabs): the cookie goes along, no script needed. */
export const links = {
  schoolTemplateCsv: "/api/schools/template.csv",
  schoolTemplateXlsx: "/api/schools/template.xlsx",
  qrSvg: (channelId: number) => `/api/channels/${encodeURIComponent(channelId)}/qr.svg`,
  qrPng: (channelId: number) => `/api/channels/${encodeURIComponent(channelId)}/qr.png`,
  poster: (channelId: number) => `/api/channels/${encodeURIComponent(channelId)}/poster`,
  postersZip: (id: number) => `${campaign(id)}/posters.zip`,
  exportResponsesCsv: (id: number) => `${campaign(id)}/exports/responses.csv`,
  exportResponsesXlsx: (id: number) => `${campaign(id)}/exports/responses.xlsx`,
  exportReportXlsx: (id: number) => `${campaign(id)}/exports/report.xlsx`,
};

/** The integrity report and the exclusion workflow. */
export const integrityApi = {
  report: (id: number) => json<IntegrityView>("GET", `${campaign(id)}/integrity`),
  async exclude(id: number, request: ExclusionRequest): Promise<ExclusionRecordView> {
    const body = await json<ExclusionAnswer>("POST", `${campaign(id)}/exclusions`, {
      json: request,
    });
    return body.exclusion;
  },
};

/** The assessment beside the survey: readiness and difference coefficients. */
export const assessmentApi = {
  readiness: (id: number) => json<ReadinessView>("GET", `${campaign(id)}/readiness`),
  coefficients: (id: number) =>
    json<CoefficientsView>("GET", `${campaign(id)}/difference-coefficients`),
  whatIf: (id: number, query: { indicator: string; school: string; value?: number }) =>
    json<WhatIfView>(
      "GET",
      `${campaign(id)}/difference-coefficients/what-if?${new URLSearchParams(
        Object.entries(query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      ).toString()}`,
    ),
  vetoes: (id: number) => json<VetoChecklistView>("GET", `${campaign(id)}/vetoes`),
  saveVeto: (id: number, itemId: string, entry: VetoEntryBody) =>
    json<VetoItemView>("PUT", `${campaign(id)}/vetoes/${encodeURIComponent(itemId)}`, {
      json: entry,
    }),
  uploadEvidence: (id: number, itemId: string, file: File) =>
    json<unknown>(
      "POST",
      `${campaign(id)}/vetoes/${encodeURIComponent(itemId)}/files?name=${encodeURIComponent(file.name)}`,
      { body: file, contentType: "application/octet-stream" },
    ),
  importIndicators: (id: number, file: Blob, contentType: string) =>
    json<IndicatorImportSummary>("POST", `${campaign(id)}/school-indicators/import`, {
      body: file,
      contentType,
    }),
  evidenceUrl: (id: number, itemId: string, fileId: number) =>
    `${campaign(id)}/vetoes/${encodeURIComponent(itemId)}/files/${encodeURIComponent(fileId)}`,
  governmentScore: (id: number) =>
    json<GovernmentScoreView>("GET", `${campaign(id)}/government-score`),
  saveGovernmentScore: (id: number, scores: GovernmentScoreBody["scores"]) =>
    json<GovernmentScoreView>("PUT", `${campaign(id)}/government-score`, { json: { scores } }),
  budgetYears: (id: number) => json<BudgetYearsView>("GET", `${campaign(id)}/budget-years`),
  saveBudgetYears: (id: number, years: BudgetYearsBody["years"]) =>
    json<BudgetYearsView>("PUT", `${campaign(id)}/budget-years`, { json: { years } }),
  settings: (id: number) =>
    json<AssessmentSettingsView>("GET", `${campaign(id)}/assessment-settings`),
  saveSettings: (id: number, settings: AssessmentSettingsBody) =>
    json<AssessmentSettingsView>("PUT", `${campaign(id)}/assessment-settings`, { json: settings }),
  indicatorTemplateXlsx: "/api/school-indicators/template.xlsx",
  indicatorTemplateCsv: "/api/school-indicators/template.csv",
};

const channel = (id: number) => `/api/channels/${encodeURIComponent(id)}`;

/** Paper links: printing, the entry of typed sheets, double entry and its resolution. */
export const paperApi = {
  links: (id: number) => json<PaperLinkList>("GET", `${campaign(id)}/paper-links`),
  form: (linkId: number) => json<PaperForm>("GET", `${channel(linkId)}/paper-form`),
  sheets: (linkId: number) => json<PaperSheetList>("GET", `${channel(linkId)}/paper-sheets`),
  sheet: (linkId: number, sheet: string) =>
    json<PaperSheetDetail>("GET", `${channel(linkId)}/paper-sheets/${encodeURIComponent(sheet)}`),
  enter: (linkId: number, body: PaperSheetBody) =>
    json<PaperEntryResult>("POST", `${channel(linkId)}/paper-sheets`, { json: body }),
  resolve: (linkId: number, sheet: string, body: ResolutionBody) =>
    json<PaperEntryResult>(
      "POST",
      `${channel(linkId)}/paper-sheets/${encodeURIComponent(sheet)}/resolution`,
      { json: body },
    ),
  setDistributed: (linkId: number, distributedCount: number | null) =>
    json<{ distributedCount: number | null }>("PUT", `${channel(linkId)}/distributed-count`, {
      json: { distributedCount },
    }),
  /** The printable A4 questionnaire, Chinese or English. */
  printUrl: (linkId: number, lang: "zh" | "en" = "zh") =>
    `${channel(linkId)}/paper-questionnaire${lang === "en" ? "?lang=en" : ""}`,
};
