// Entry of the staff pages: who is signed in, which page the address names, and
// drawing it. Pages are plain functions over the DOM; chart.js loads only with
// the pages that draw charts, so the sign-in page stays light.
import "./styles.css";
import { ApiError, api, whenUnauthenticated } from "./api-client.ts";
import type { CampaignView } from "../../api/campaigns/types.ts";
import {
  cachedCampaigns,
  forgetCampaigns,
  loadCampaigns,
  onCampaignsChanged,
} from "./campaign-list.ts";
import type { Me } from "./me.ts";
import { $, html, render } from "./html.ts";
import { onLocaleChange, locale, t } from "./i18n.ts";
import {
  type Page,
  type PageContext,
  errorBox,
  heading,
  loading,
  renderForbidden,
} from "./page-context.ts";
import { accountPage, firstPasswordPage } from "./pages/account.ts";
import { accountsPage } from "./pages/accounts.ts";
import { newCampaignPage } from "./pages/campaign-new.ts";
import { campaignsPage } from "./pages/campaigns.ts";
import { channelsPage } from "./pages/channels.ts";
import { dashboardPage } from "./pages/dashboard.ts";
import { integrityPage } from "./pages/integrity.ts";
import { interviewersPage } from "./pages/interviewers.ts";
import { loginPage } from "./pages/login.ts";
import { paperPage } from "./pages/paper.ts";
import { questionnairesPage } from "./pages/questionnaires.ts";
import { readinessPage } from "./pages/readiness.ts";
import { reportPage } from "./pages/report.ts";
import { schoolsPage } from "./pages/schools.ts";
import { settingsPage } from "./pages/settings.ts";
import { type PageName, mayEdit, mayOpen, pagesFor } from "./roles.ts";
import { type Route, base, parseRoute, pathOf } from "./router.ts";
import { renderHeader, setTitle } from "./shell.ts";

const top = $(document, "#top");
const main = $(document, "#main");

const pages: Record<PageName, Page> = {
  dashboard: dashboardPage,
  schools: schoolsPage,
  channels: channelsPage,
  interviewers: interviewersPage,
  paper: paperPage,
  report: reportPage,
  integrity: integrityPage,
  readiness: readinessPage,
  questionnaires: questionnairesPage,
  settings: settingsPage,
  accounts: accountsPage,
};

let me: Me | null = null;
let view: AbortController | null = null;
/** Where a signed-out visitor was going: opened after signing in. */
let afterLogin: string | null = null;
let sessionExpired = false;
let firstView = true;

function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  void show();
}

whenUnauthenticated(() => {
  if (!me) return;
  me = null;
  forgetCampaigns();
  sessionExpired = true;
  afterLogin = location.pathname;
  navigate(pathOf({ kind: "login" }), true);
});

function header(route: Route, campaign: CampaignView | null): void {
  renderHeader(top, {
    me,
    campaign,
    campaigns: cachedCampaigns() ?? [],
    route,
  });
}

/** Draws the page the address names; the previous page's timers stop first. */
async function show(): Promise<void> {
  view?.abort();
  const controller = new AbortController();
  view = controller;
  const { signal } = controller;
  const route = parseRoute(location.pathname);
  try {
    await draw(route, signal);
  } catch (error) {
    if (signal.aborted) return;
    // A failure of ours, not the API's: keep the details for whoever opens the console.
    if (!(error instanceof ApiError)) console.error(error);
    header(route, null);
    render(main, html`${heading(t("error.title"))}${errorBox(error)}`);
    setTitle(t("error.title"));
  }
  if (signal.aborted) return;
  // After a navigation, move focus to the new page's heading so screen readers announce it.
  if (!firstView) document.getElementById("page-title")?.focus();
  firstView = false;
}

async function draw(route: Route, signal: AbortSignal): Promise<void> {
  if (!me && route.kind !== "login") {
    afterLogin = route.kind === "home" ? null : location.pathname;
    history.replaceState(null, "", pathOf({ kind: "login" }));
    route = { kind: "login" };
  }
  if (route.kind === "login" || !me) {
    if (me) return navigate(pathOf({ kind: "home" }), true);
    header(route, null);
    const expired = sessionExpired;
    sessionExpired = false;
    loginPage(main, {
      expired,
      onSignedIn(signedIn) {
        me = signedIn;
        forgetCampaigns();
        const next = afterLogin ?? pathOf({ kind: "home" });
        afterLogin = null;
        navigate(next, true);
      },
    });
    return;
  }
  const { user, permissions } = me;
  header(route, null);
  // A temporary password opens nothing but its own change (the API answers 403 elsewhere).
  if (user.mustChangePassword) {
    const signedIn = me;
    return firstPasswordPage(main, {
      user,
      onChanged() {
        me = { ...signedIn, user: { ...user, mustChangePassword: false } };
        navigate(location.pathname, true);
      },
      onSignedOut() {
        me = null;
        forgetCampaigns();
        afterLogin = null;
        navigate(pathOf({ kind: "login" }), true);
      },
    });
  }
  render(main, loading());
  const list = await loadCampaigns();
  if (signal.aborted) return;

  switch (route.kind) {
    case "home": {
      const only = list.length === 1 ? list[0] : undefined;
      if (only) {
        const first = pagesFor(permissions)[0] ?? "dashboard";
        return navigate(pathOf({ kind: "campaign", campaignId: only.id, page: first }), true);
      }
      return navigate(pathOf({ kind: "campaigns" }), true);
    }
    case "campaigns":
      header(route, null);
      return campaignsPage(main, list, permissions);
    case "newCampaign":
      header(route, null);
      if (!mayEdit(permissions, "campaign.manage")) {
        setTitle(t("forbidden.title"));
        return renderForbidden(main);
      }
      return newCampaignPage(main, navigate);
    case "account":
      header(route, list.length === 1 ? (list[0] ?? null) : null);
      return accountPage(main, {
        user,
        onSignedOut() {
          me = null;
          forgetCampaigns();
          afterLogin = null;
          navigate(pathOf({ kind: "login" }), true);
        },
      });
    case "notFound":
      setTitle(t("notFound.title"));
      render(
        main,
        html`${heading(t("notFound.title"))}
          <p>${t("notFound.body")}</p>
          <p><a href="${base}/" data-nav>${t("notFound.home")}</a></p>`,
      );
      return;
    case "campaign": {
      const campaign = list.find((c) => c.id === route.campaignId);
      header(route, campaign ?? null);
      if (!campaign || !mayOpen(permissions, route.page)) {
        setTitle(t("forbidden.title"));
        return renderForbidden(main);
      }
      const ctx: PageContext = { main, user, permissions, campaign, signal, navigate };
      await pages[route.page](ctx);
      return;
    }
  }
}

// Links inside the app change the page without a reload; others (downloads, posters) go on.
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.("a[data-nav]");
  if (!(link instanceof HTMLAnchorElement) || link.origin !== location.origin) return;
  event.preventDefault();
  if (link.pathname !== location.pathname) navigate(link.pathname);
});
window.addEventListener("popstate", () => void show());
onLocaleChange(() => void show());
// A page changed a campaign (its phase, its name): the header's switcher follows.
onCampaignsChanged(() => {
  const route = parseRoute(location.pathname);
  if (!me || route.kind !== "campaign") return;
  header(route, cachedCampaigns()?.find((c) => c.id === route.campaignId) ?? null);
});

async function boot(): Promise<void> {
  document.documentElement.lang = locale();
  try {
    me = await api.me();
  } catch (error) {
    // The server did not answer: say so, and let the person try again.
    header({ kind: "home" }, null);
    render(
      main,
      html`${heading(t("error.title"))}${errorBox(error)}
        <p><button type="button" class="jh-button" id="retry">${t("app.retry")}</button></p>`,
    );
    $(main, "#retry").addEventListener("click", () => void boot());
    return;
  }
  await show();
}

void boot();
