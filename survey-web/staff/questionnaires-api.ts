// The questionnaire editor's endpoints (api/questionnaires/routes.ts), beside api-client.ts.
import type {
  CheckedImportView,
  EditableQuestionnaireView,
  QuestionnaireListView,
  SaveQuestionnaireBody,
  SavedQuestionnaireView,
} from "../../api/questionnaires/types.ts";
import { send } from "./api-client.ts";

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body === undefined ? {} : { json: body });
  return (await res.json()) as T;
}

const base = (campaignId: number) =>
  `/api/campaigns/${encodeURIComponent(campaignId)}/questionnaires`;
const one = (campaignId: number, key: string) => `${base(campaignId)}/${encodeURIComponent(key)}`;

export const questionnairesApi = {
  list: (campaignId: number) => json<QuestionnaireListView>("GET", base(campaignId)),
  editable: (campaignId: number, key: string) =>
    json<EditableQuestionnaireView>("GET", one(campaignId, key)),
  /** Saves the edit as the next version; 422 lists each problem, 409 another save came first. */
  save: (campaignId: number, key: string, body: SaveQuestionnaireBody) =>
    json<SavedQuestionnaireView>("PUT", one(campaignId, key), body),
  /** Checks pasted or uploaded JSON as it is (the server reports malformed JSON precisely). */
  async check(campaignId: number, key: string, text: string): Promise<CheckedImportView> {
    const res = await send("POST", `${one(campaignId, key)}/check`, {
      body: text,
      contentType: "application/json",
    });
    return (await res.json()) as CheckedImportView;
  },
  /** The JSON export's address (a download link; the cookie goes along). */
  exportUrl: (campaignId: number, key: string, version: number) =>
    `${one(campaignId, key)}/export.json?version=${encodeURIComponent(version)}`,
};
