import { z } from "zod";
import type { ApiOperation, ApiResponse } from "./registry.ts";

/** `{ error: { code, message, details? } }`: every error of the API (api/http/errors.ts). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe("machine-readable, e.g. not_found, invalid_body, forbidden"),
    message: z.string().describe("Chinese first, then English"),
    details: z.unknown().optional().describe("e.g. per-row or per-field problems"),
  }),
});

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of what a client may send. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json: Record<string, unknown> = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
  });
  // The document names the dialect once (jsonSchemaDialect).
  delete json.$schema;
  return json;
}

const errorRef = { $ref: "#/components/schemas/Error" };
const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorRef } },
});

/** `/api/campaigns/:id` → `/api/campaigns/{id}`, and the parameter names in order. */
export function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const converted = path.replace(/:(\w+)/g, (_, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path: converted, params };
}

function successResponse(r: ApiResponse) {
  if (r.schema) {
    return {
      description: r.description,
      content: { "application/json": { schema: jsonSchema(r.schema) } },
    };
  }
  return r.contentType
    ? { description: r.description, content: { [r.contentType]: {} } }
    : { description: r.description };
}

/** The error responses every operation of its kind may give, then its own. */
function errorResponses(op: ApiOperation, hasParams: boolean) {
  const errors: Record<number, string> = {};
  if (op.body || op.query || hasParams)
    errors[400] = "malformed_json, invalid_body, invalid_query or a malformed id";
  if (op.access !== "public") {
    errors[401] = "unauthenticated: no live staff session";
    errors[403] =
      "forbidden (role, campaign or school) or csrf_failed (state-changing request without X-CSRF-Token)";
  }
  if (hasParams) errors[404] = "not_found";
  if (op.body) {
    errors[413] = `payload_too_large: over ${op.body.maxBytes} bytes`;
    errors[415] = "unsupported_media_type";
  }
  Object.assign(errors, op.errors);
  return Object.fromEntries(
    Object.entries(errors).map(([status, text]) => [status, errorResponse(text)]),
  );
}

function requestBody(body: NonNullable<ApiOperation["body"]>) {
  if ("schema" in body) {
    return {
      required: true,
      content: { "application/json": { schema: jsonSchema(body.schema) } },
    };
  }
  return {
    required: true,
    content: Object.fromEntries(
      Object.entries(body.contentTypes).map(([type, description]) => [
        type,
        { schema: { type: "string", description } },
      ]),
    ),
  };
}

function operationObject(op: ApiOperation) {
  const { params } = openApiPath(op.path);
  const parameters = [
    ...params.map((name) => ({
      name,
      in: "path",
      required: true,
      schema: op.params?.[name] ? jsonSchema(op.params[name]) : { type: "integer", minimum: 1 },
    })),
    ...Object.entries(op.query?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: "query",
      required: !(schema as z.ZodType).safeParse(undefined).success,
      schema: jsonSchema(schema as z.ZodType),
    })),
  ];
  const changes = op.method !== "get";
  return {
    operationId: `${op.method}${openApiPath(op.path)
      .path.replace(/[{}]/g, "")
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0]?.toUpperCase() + w.slice(1))
      .join("")}`,
    tags: [op.tag],
    summary: op.summary.zh,
    description: op.summary.en,
    ...(op.access === "public"
      ? { security: [] }
      : { security: [changes ? { session: [], csrf: [] } : { session: [] }] }),
    ...(typeof op.access === "object"
      ? { "x-permission": op.access.permission, "x-roles": op.access.roles }
      : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body ? { requestBody: requestBody(op.body) } : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(op.responses).map(([status, r]) => [status, successResponse(r)]),
      ),
      ...errorResponses(op, params.length > 0),
      default: errorResponse("internal_error (500) or service_unavailable (503)"),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the given operations. Request schemas come
 * from the zod objects the routes validate with; a route listed twice is a
 * mistake and throws.
 */
export function openApiDocument(
  operations: readonly ApiOperation[],
  info: { title: string; version: string; description: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const { path } = openApiPath(op.path);
    const item = (paths[path] ??= {});
    if (item[op.method]) throw new Error(`operation listed twice: ${op.method} ${op.path}`);
    item[op.method] = operationObject(op);
  }
  return {
    openapi: "3.1.0",
    info,
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/" }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: { Error: jsonSchema(errorBodySchema) },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "jh_session" },
        csrf: { type: "apiKey", in: "header", name: "X-CSRF-Token" },
      },
    },
  };
}
