import { type Locale, type TextKey, htmlLang, otherLocale, text } from "./locale.ts";
import { type Screen, type ScreenActions, renderScreen } from "./status-screen.ts";

/** Labels the server wrote into the heading (api/survey-page/views/respondent-page.ts). */
const runnerLabels = ["runBy", "contact"] as const satisfies readonly TextKey[];

function byId(doc: Document, id: string): HTMLElement {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`page.html has no #${id}`);
  return el;
}

/**
 * The parts of page.html around the questionnaire: the language switch, the
 * time the survey takes, the loading line, the state screens, a note and a
 * polite live region. Keeps the current screen so a language switch can redraw it.
 */
export class PageShell {
  private readonly root: HTMLElement;
  private readonly langSwitch: HTMLButtonElement;
  private readonly duration: HTMLElement;
  private readonly loading: HTMLElement;
  private readonly screenBox: HTMLElement;
  private readonly surveyBox: HTMLElement;
  private readonly note: HTMLElement;
  private readonly status: HTMLElement;
  private screen: Screen | null = null;
  private noteKey: TextKey | null = null;
  private statusKey: TextKey | null = null;

  constructor(
    doc: Document,
    private locale: Locale,
    /** About how long the questionnaire takes, in whole minutes (from the server). */
    private readonly minutes: number,
    private readonly actions: ScreenActions & { switchLocale(): void },
  ) {
    this.root = doc.documentElement;
    this.langSwitch = byId(doc, "lang-switch") as HTMLButtonElement;
    this.duration = byId(doc, "duration");
    this.loading = byId(doc, "loading");
    this.screenBox = byId(doc, "screen");
    this.surveyBox = byId(doc, "survey");
    this.note = byId(doc, "note");
    this.status = byId(doc, "status");
    this.langSwitch.addEventListener("click", () => this.actions.switchLocale());
    this.langSwitch.hidden = false;
    this.setLocale(locale);
  }

  get surveyElement(): HTMLElement {
    return this.surveyBox;
  }

  setLocale(locale: Locale): void {
    this.locale = locale;
    this.root.lang = htmlLang(locale);
    this.langSwitch.textContent = text(locale, "switchLanguage");
    this.langSwitch.lang = htmlLang(otherLocale(locale));
    this.langSwitch.setAttribute("aria-label", text(locale, "switchLanguageLabel"));
    this.duration.textContent = text(locale, this.minutes === 1 ? "durationOne" : "duration", {
      minutes: String(this.minutes),
    });
    // Our words, in the heading whose campaign name is Chinese data.
    this.duration.lang = htmlLang(locale);
    // The labels before the bureau's name and contact line (those stay as the bureau wrote them).
    for (const key of runnerLabels) {
      const label = this.root.querySelector<HTMLElement>(`[data-text="${key}"]`);
      if (!label) continue;
      label.textContent = text(locale, key);
      label.lang = htmlLang(locale);
    }
    if (this.screen) renderScreen(this.screenBox, this.screen, locale, this.actions, false);
    if (this.noteKey) this.note.textContent = text(locale, this.noteKey);
    if (this.statusKey) this.status.textContent = text(locale, this.statusKey);
  }

  /** Shows the questionnaire area (the loading line goes once something replaces it). */
  showSurvey(): void {
    this.loading.hidden = true;
    this.screen = null;
    this.screenBox.hidden = true;
    this.screenBox.replaceChildren();
    this.surveyBox.hidden = false;
    this.duration.hidden = false;
  }

  /** Hides the questionnaire, the state screen and the loading line (another panel shows). */
  clear(): void {
    this.loading.hidden = true;
    this.screen = null;
    this.screenBox.hidden = true;
    this.surveyBox.hidden = true;
    this.duration.hidden = true;
    this.setNote(null);
  }

  /** Replaces the questionnaire with a state screen; the same state again is left alone. */
  showScreen(screen: Screen): void {
    const same = this.screen && JSON.stringify(this.screen) === JSON.stringify(screen);
    this.loading.hidden = true;
    this.surveyBox.hidden = true;
    // Sent, already answered, failed to load: how long it takes no longer matters.
    this.duration.hidden = true;
    this.setNote(null);
    this.announce(null);
    if (same) return;
    this.screen = screen;
    renderScreen(this.screenBox, screen, this.locale, this.actions, true);
  }

  get currentScreen(): Screen["kind"] | null {
    return this.screen?.kind ?? null;
  }

  setNote(key: TextKey | null): void {
    this.noteKey = key;
    this.note.textContent = key ? text(this.locale, key) : "";
    this.note.hidden = key === null;
  }

  /** A short visible message in the polite live region (e.g. "answers restored"). */
  announce(key: TextKey | null): void {
    this.statusKey = key;
    // Never hidden: a live region must stay in the accessibility tree to be announced.
    this.status.textContent = key ? text(this.locale, key) : "";
  }
}
