import type { SetupBody } from "../../api/setup/types.ts";

/** What the API said: 2xx, an error code with its message and details, or no answer (status 0). */
export interface Answer {
  status: number;
  code: string;
  message: string;
  details?: { field?: string };
}

async function post(path: string, body: unknown): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    return { status: 0, code: "network", message: "" };
  }
  if (res.ok) return { status: res.status, code: "ok", message: "" };
  const json = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: { field?: string } };
  } | null;
  return {
    status: res.status,
    code: json?.error?.code ?? `http_${res.status}`,
    message: json?.error?.message ?? "",
    ...(json?.error?.details ? { details: json.error.details } : {}),
  };
}

/** `POST /api/setup/check`: 200 while the link can be used, 404 unknown, 410 used. */
export function checkLink(token: string): Promise<Answer> {
  return post("/api/setup/check", { token });
}

/** `POST /api/setup`: 201 sets the session cookie. */
export function completeSetup(body: SetupBody): Promise<Answer> {
  return post("/api/setup", body);
}
