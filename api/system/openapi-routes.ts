import { Hono } from "hono";
import { openApiDocument } from "../http/openapi/document.ts";
import { apiOperations } from "./operations.ts";

const info = {
  title: "junheng 均衡 API",
  version: "0.1.0",
  description:
    "义务教育均衡发展满意度调查平台的 API。The survey platform's API: the respondent submission, staff sign-in, campaigns, schools, channels and progress. Errors are always JSON { error: { code, message } }, the message in Chinese, then English.",
};

/** `GET /api/openapi.json`: public, built once from the operations the route modules describe. */
export function openApiRoutes(): Hono {
  let document: Record<string, unknown> | undefined;
  return new Hono().get("/openapi.json", (c) => {
    document ??= openApiDocument(apiOperations, info);
    c.header("Cache-Control", "public, max-age=300");
    return c.json(document);
  });
}
