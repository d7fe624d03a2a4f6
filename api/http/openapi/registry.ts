import type { z } from "zod";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** One response of an operation: JSON with a schema, or another media type described in words. */
export interface ApiResponse {
  description: string;
  /** The body's media type; "application/json" when `schema` is given. */
  contentType?: string;
  schema?: z.ZodType;
}

/** Who may call an operation: anyone, any signed-in staff account, or holders of one permission. */
export type OperationAccess = "public" | "staff" | { permission: string; roles: readonly string[] };

/**
 * One endpoint as the OpenAPI document shows it. Routes are declared with it
 * (api/http/api-router.ts), so the path, the request schemas the route
 * validates with and the permission it enforces are stated once.
 */
export interface ApiOperation {
  method: HttpMethod;
  /** Hono-style path with `:name` parameters, e.g. `/api/campaigns/:id`. */
  path: string;
  summary: { zh: string; en: string };
  tag: string;
  access: OperationAccess;
  /** Path parameters other than positive integer ids. */
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  /** A JSON body checked by `schema`, or other accepted media types described in words. */
  body?:
    | { schema: z.ZodType; maxBytes: number }
    | { contentTypes: Record<string, string>; maxBytes: number };
  /** Success responses by status; the error responses are added from `access`, `body` and `errors`. */
  responses: Record<number, ApiResponse>;
  /** Further error statuses with what they mean (e.g. 409, 422). */
  errors?: Record<number, string>;
}
