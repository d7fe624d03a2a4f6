import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { type QuestionnaireVersion, findQuestionnaire } from "./repository.ts";
import { AnswerValidator } from "../responses/index.ts";

export interface CatalogEntry {
  version: QuestionnaireVersion;
  validator: AnswerValidator;
}

/**
 * Questionnaire versions with one reusable validator each. A version is frozen
 * once it has responses (a database trigger), so caching by id is safe.
 */
export class QuestionnaireCatalog {
  private readonly entries = new Map<number, Promise<CatalogEntry | undefined>>();
  constructor(
    private readonly db: Kysely<Database>,
    private readonly max = 200,
  ) {}

  get(id: number): Promise<CatalogEntry | undefined> {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = this.load(id);
      if (this.entries.size >= this.max) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(id, entry);
      // Do not cache failures or misses: a version may be created a moment later.
      entry.then(
        (e) => e ?? this.entries.delete(id),
        () => this.entries.delete(id),
      );
    }
    return entry;
  }

  private async load(id: number): Promise<CatalogEntry | undefined> {
    const version = await findQuestionnaire(this.db, id);
    if (!version) return undefined;
    return { version, validator: new AnswerValidator(version.definition) };
  }
}
