// Entry of the first-run setup page: reads the link's token from the address's fragment,
// asks the API whether it can still be used, then shows the form that creates the district
// and its first admin and signs them in. Shares no module with the other pages.
import "./styles.css";
import { type Answer, checkLink, completeSetup } from "./setup-api.ts";
import {
  type FieldName,
  type FormValues,
  type Level,
  emptyValues,
  firstProblem,
  formHtml,
  setupBody,
} from "./setup-form.ts";
import { type TextKey, esc, locale, setLocale, t } from "./texts.ts";

type View =
  | { kind: "checking" }
  | { kind: "form" }
  | { kind: "notice"; title: TextKey; body: TextKey; signIn: boolean }
  | { kind: "failed"; text: string };

const tokenKey = "junheng.setup.token";
const staffHome = "/staff/";

function element<E extends Element = HTMLElement>(root: ParentNode, selector: string): E {
  const found = root.querySelector<E>(selector);
  if (!found) throw new Error(`no element ${selector}`);
  return found;
}

const main = element(document, "#main");
const bar = element(document, ".jh-top__bar");
const values: FormValues = emptyValues();
let view: View = { kind: "checking" };
let token = "";

/**
 * The token from the fragment, moved out of the address bar (history, screenshots) into
 * this tab's session storage, so a reload still finds it and closing the tab forgets it.
 */
function takeToken(): string {
  const fromAddress = location.hash.slice(1).trim();
  if (fromAddress) {
    try {
      sessionStorage.setItem(tokenKey, fromAddress);
    } catch {
      // Storage blocked: the token lives in memory until the tab is closed or reloaded.
    }
    history.replaceState(null, "", location.pathname);
    return fromAddress;
  }
  try {
    return sessionStorage.getItem(tokenKey) ?? "";
  } catch {
    return "";
  }
}

function forgetToken(): void {
  try {
    sessionStorage.removeItem(tokenKey);
  } catch {
    // Nothing was stored.
  }
}

const usedNotice: View = { kind: "notice", title: "usedTitle", body: "usedBody", signIn: true };
const unknownNotice: View = {
  kind: "notice",
  title: "unknownTitle",
  body: "unknownBody",
  signIn: false,
};

/** What a refusal means for the page: a notice for the link, or words to show. */
function viewFor(answer: Answer): View {
  if (answer.code === "setup_link_used") return usedNotice;
  if (answer.status === 404) return unknownNotice;
  if (answer.status === 0) return { kind: "failed", text: t("network") };
  if (answer.status >= 500 || !answer.message) return { kind: "failed", text: t("unexpected") };
  return { kind: "failed", text: answer.message };
}

function drawHeader(): void {
  const other = locale() === "en" ? "zh-CN" : "en";
  bar.innerHTML = `<span class="jh-brand">均衡 <span lang="en">junheng</span></span>
    <button type="button" class="jh-lang" id="lang-switch" lang="${other}"
      aria-label="${esc(t("switchLanguageLabel"))}">${esc(t("switchLanguage"))}</button>`;
  element(bar, "#lang-switch").addEventListener("click", () => {
    setLocale(other);
    draw();
  });
}

function draw(): void {
  document.title = `${t("title")} · 均衡 junheng`;
  drawHeader();
  const heading = `<h1 id="page-title" tabindex="-1">${esc(
    view.kind === "notice" ? t(view.title) : t("title"),
  )}</h1>`;
  switch (view.kind) {
    case "checking":
      main.innerHTML = `${heading}<p class="jh-loading">${esc(t("checking"))}</p>`;
      return;
    case "notice":
      main.innerHTML = `${heading}<p class="jh-alert">${esc(t(view.body))}</p>
        ${view.signIn ? `<p><a class="jh-button jh-button--primary" href="${staffHome}">${esc(t("signIn"))}</a></p>` : ""}`;
      return;
    case "failed":
      main.innerHTML = `${heading}<p class="jh-alert jh-alert--error" role="alert">${esc(view.text)}</p>
        <p><button type="button" class="jh-button" id="retry">${esc(t("retry"))}</button></p>`;
      element(main, "#retry").addEventListener("click", () => void check());
      return;
    case "form":
      main.innerHTML = `${heading}<p class="jh-intro">${esc(t("intro"))}</p>${formHtml(values)}`;
      wireForm(element<HTMLFormElement>(main, "#setup-form"));
      return;
  }
}

function show(next: View): void {
  view = next;
  draw();
  element(main, "#page-title").focus();
}

function wireForm(form: HTMLFormElement): void {
  const input = (name: FieldName) => element<HTMLInputElement>(form, `#${name}`);
  const errorBox = element(form, "#setup-error");
  const submit = element<HTMLButtonElement>(form, "button[type=submit]");

  form.addEventListener("input", (event) => {
    const target = event.target as HTMLInputElement;
    if (target.name === "level") values.level = target.value as Level;
    else if (target.name in values) values[target.name as FieldName] = target.value;
    if (target.name === "bureauName") values.bureauTyped = target.value.trim() !== "";
    // The bureau is usually the district's name + 教育局 until someone types another.
    if (target.name === "districtName" && !values.bureauTyped) {
      values.bureauName = target.value.trim() ? `${target.value.trim()}教育局` : "";
      input("bureauName").value = values.bureauName;
    }
  });

  // Beside the field (where the focus goes) and above the button (where the eyes are).
  const showError = (text: string, field?: FieldName) => {
    errorBox.textContent = text;
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of form.querySelectorAll(".jh-field .jh-form__error")) el.textContent = "";
    if (field) {
      element(form, `#${field}-error`).textContent = text;
      input(field).setAttribute("aria-invalid", "true");
      input(field).focus();
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const problem = firstProblem(values);
    if (problem) return showError(problem.text, problem.field);
    submit.disabled = true;
    submit.textContent = t("submitting");
    errorBox.textContent = "";
    void completeSetup(setupBody(token, values)).then((answer) => {
      if (answer.status === 201) {
        forgetToken();
        location.assign(staffHome);
        return;
      }
      submit.disabled = false;
      submit.textContent = t("submit");
      if (answer.code === "setup_link_used" || answer.status === 404) return show(viewFor(answer));
      if (answer.code === "username_taken") return showError(t("usernameTaken"), "username");
      if (answer.code === "weak_password") return showError(t("passwordCommon"), "password");
      if (answer.details?.field === "admin.username") {
        return showError(t("usernameInvalid"), "username");
      }
      const failed = viewFor(answer);
      showError(failed.kind === "failed" ? failed.text : t("unexpected"));
    });
  });
}

async function check(): Promise<void> {
  show({ kind: "checking" });
  const answer = await checkLink(token);
  show(answer.status === 200 ? { kind: "form" } : viewFor(answer));
}

document.documentElement.lang = locale();
token = takeToken();
if (token) void check();
else show({ kind: "notice", title: "noTokenTitle", body: "noTokenBody", signIn: false });
