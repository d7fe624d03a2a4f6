import { type PageName, isPageName } from "./roles.ts";

/** Where the staff pages live; everything below is drawn in the browser. */
export const base = "/staff";

export type Route =
  | { kind: "home" }
  | { kind: "login" }
  | { kind: "account" }
  | { kind: "campaigns" }
  | { kind: "newCampaign" }
  | { kind: "campaign"; campaignId: number; page: PageName }
  | { kind: "notFound" };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "");
  if (path === base || path === "") return { kind: "home" };
  if (!path.startsWith(`${base}/`)) return { kind: "notFound" };
  const parts = path.slice(base.length + 1).split("/");
  const [first, id, page] = parts;
  if (parts.length === 1 && first === "login") return { kind: "login" };
  if (parts.length === 1 && first === "account") return { kind: "account" };
  if (parts.length === 1 && first === "campaigns") return { kind: "campaigns" };
  if (parts.length === 2 && first === "campaigns" && id === "new") return { kind: "newCampaign" };
  if (first === "campaigns" && id && /^[1-9]\d{0,9}$/.test(id)) {
    if (parts.length === 2) return { kind: "campaign", campaignId: Number(id), page: "dashboard" };
    if (parts.length === 3 && page && isPageName(page)) {
      return { kind: "campaign", campaignId: Number(id), page };
    }
  }
  return { kind: "notFound" };
}

export function pathOf(route: Route): string {
  switch (route.kind) {
    case "home":
      return `${base}/`;
    case "login":
      return `${base}/login`;
    case "account":
      return `${base}/account`;
    case "campaigns":
      return `${base}/campaigns`;
    case "newCampaign":
      return `${base}/campaigns/new`;
    case "campaign":
      return `${base}/campaigns/${route.campaignId}/${route.page}`;
    case "notFound":
      return `${base}/`;
  }
}
