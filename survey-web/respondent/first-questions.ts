/**
 * The first questions the server put in the page as plain radio buttons
 * (api/survey-page/views/first-questions-html.ts), so a respondent on a slow phone can answer before the
 * renderer has arrived. Their answers go into the draft as they are given and to the
 * renderer when it mounts; then this block goes, and the renderer shows the same questions.
 */
export class FirstQuestions {
  #root: HTMLElement | null;

  constructor(doc: Document) {
    this.#root = doc.getElementById("first-questions");
  }

  /** The choices made here, by question name (nothing chosen: not in the result). */
  answers(): Record<string, string> {
    const chosen: Record<string, string> = {};
    if (!this.#root) return chosen;
    for (const fieldset of this.#root.querySelectorAll<HTMLElement>("[data-name]")) {
      const name = fieldset.dataset.name;
      const input = fieldset.querySelector<HTMLInputElement>("input:checked");
      if (name && input) chosen[name] = input.value;
    }
    return chosen;
  }

  /** Shows a restored draft's answers (a reload before the renderer came). */
  fill(data: Record<string, unknown>): void {
    if (!this.#root) return;
    for (const fieldset of this.#root.querySelectorAll<HTMLElement>("[data-name]")) {
      const value = data[fieldset.dataset.name ?? ""];
      if (typeof value !== "string") continue;
      for (const input of fieldset.querySelectorAll<HTMLInputElement>("input")) {
        input.checked = input.value === value;
      }
    }
  }

  /** Calls `listener` with all answers given here whenever one changes. */
  onChange(listener: (answers: Record<string, string>) => void): void {
    this.#root?.addEventListener("change", () => listener(this.answers()));
  }

  /** The renderer took over (or a screen replaced the survey): the block goes for good. */
  remove(): void {
    this.#root?.remove();
    this.#root = null;
  }
}
