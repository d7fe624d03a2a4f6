import type { z } from "zod";
import type { StaffRole } from "../../db/database.ts";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** One response of an operation: JSON with a schema, or another media type described in words. */
export interface ApiResponse {
  description: string;
  /** The body's media type; "application/json" when `schema` is given. */
  contentType?: string;
  schema?: z.ZodType;
}

/**
 * One endpoint as the OpenAPI document shows it. Request schemas are the very
 * zod objects the route validates with, so the document cannot drift from
 * what the server accepts; the drift test checks the list against `app.routes`.
 */
export interface ApiOperation {
  method: HttpMethod;
  /** Hono-style path with `:name` parameters, e.g. `/api/campaigns/:id`. */
  path: string;
  summary: { zh: string; en: string };
  tag: string;
  /** Who may call it: anyone, any signed-in staff account, or these roles. */
  access: "public" | "staff" | readonly StaffRole[];
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
