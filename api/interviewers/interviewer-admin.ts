import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../db/database.ts";
import { newInterviewerCode } from "./interviewer-code.ts";
import {
  type InterviewerRow,
  insertInterviewers,
  listInterviewers,
  takenCodes,
} from "./repository.ts";

/** At most this many interviewers per request (a district's teams, one line each). */
export const maxNewInterviewers = 200;

/**
 * `POST /api/campaigns/:campaignId/interviewers`: one label per interviewer, as staff tell them
 * apart ("第3组 王老师"); the codes are drawn by the server.
 */
export const newInterviewersSchema = z.strictObject({
  labels: z.array(z.string().trim().min(1).max(50)).min(1).max(maxNewInterviewers),
});
export type NewInterviewers = z.infer<typeof newInterviewersSchema>;

/**
 * Creates one interviewer per label with a fresh random code, unique in the campaign. A code
 * drawn twice, or taken meanwhile by another admin's batch, is drawn again. Returns the new
 * interviewers in the order of their labels.
 */
export async function createInterviewers(
  db: Kysely<Database>,
  campaignId: number,
  labels: readonly string[],
): Promise<InterviewerRow[]> {
  const ids: number[] = new Array<number>(labels.length);
  let pending = labels.map((label, index) => ({ label, index }));
  // With 78 billion codes a second round is already unlikely; five is plenty.
  for (let round = 0; round < 5 && pending.length > 0; round++) {
    const drawn = new Set<string>();
    const draws = pending.map((p) => {
      let code = newInterviewerCode();
      while (drawn.has(code)) code = newInterviewerCode();
      drawn.add(code);
      return { ...p, code };
    });
    const taken = await takenCodes(
      db,
      campaignId,
      draws.map((d) => d.code),
    );
    const fresh = draws.filter((d) => !taken.has(d.code));
    const inserted = await insertInterviewers(db, campaignId, fresh);
    for (const d of fresh) {
      const id = inserted.get(d.code);
      if (id !== undefined) ids[d.index] = id;
    }
    pending = draws.filter((d) => !inserted.has(d.code));
  }
  if (pending.length > 0) throw new Error("could not draw unique interviewer codes");
  const byId = new Map((await listInterviewers(db, campaignId)).map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}
