/**
 * The link a respondent opens: `${base}/s/${token}`. A trailing slash on the
 * configured base (a common way to write PUBLIC_URL) must not yield `//s/`.
 */
export function channelUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/s/${encodeURIComponent(token)}`;
}
