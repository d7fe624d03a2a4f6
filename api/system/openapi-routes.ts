import { publicRouter } from "../http/api-router.ts";
import { openApiDocument } from "../http/openapi/document.ts";
import type { ApiOperation } from "../http/openapi/registry.ts";

const info = {
  title: "junheng 均衡 API",
  version: "0.1.0",
  description:
    "义务教育均衡发展满意度调查平台的 API。The survey platform's API: the respondent submission, staff sign-in, campaigns, schools, channels and progress. Errors are always JSON { error: { code, message } }, the message in Chinese, then English.",
};

/**
 * `GET /api/openapi.json`: public, built once, on first request, from the operations
 * the app's routers declared (this one's included).
 */
export function openApiRoutes(declared: () => readonly ApiOperation[]) {
  let document: Record<string, unknown> | undefined;
  return publicRouter().route(
    {
      method: "get",
      path: "/openapi.json",
      tag: "system",
      access: "public",
      summary: { zh: "本 API 的 OpenAPI 3.1 文档", en: "This API as an OpenAPI 3.1 document" },
      responses: { 200: { description: "OpenAPI 3.1", contentType: "application/json" } },
    },
    (c) => {
      document ??= openApiDocument(declared(), info);
      c.header("Cache-Control", "public, max-age=300");
      return c.json(document);
    },
  );
}
