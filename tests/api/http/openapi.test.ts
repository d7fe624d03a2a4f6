import type { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

interface Operation {
  operationId: string;
  summary: string;
  description: string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface JsonSchema {
  type?: string;
  properties?: Record<string, unknown>;
  required?: string[];
  additionalProperties?: unknown;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

const methods = ["get", "post", "put", "patch", "delete"];

/** `METHOD /api/path/:param` for every operation of the document. */
function documented(doc: Document): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => methods.includes(m))
      .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
  );
}

/** The same for the routes the real app serves under /api. */
function served(app: Hono): string[] {
  return [
    ...new Set(
      app.routes
        .filter((r) => r.method !== "ALL" && /^\/api(\/|$)/.test(r.path))
        .map((r) => `${r.method} ${r.path}`),
    ),
  ];
}

describe.each(availableDbKinds())("GET /api/openapi.json on %s", (kind) => {
  const ctx = useSeededApp(kind, { seed: { schools: 1 }, accounts: { admin: { role: "admin" } } });
  const { seeded } = ctx;
  const { admin } = ctx.accounts;
  let doc: Document;

  beforeAll(async () => {
    const res = await ctx.app.request("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    doc = (await res.json()) as Document;
  });

  it("is a public OpenAPI 3.1 document", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
  });

  it("lists exactly the /api routes the app serves: none missing, none extra", () => {
    const app_ = served(ctx.app).sort();
    const doc_ = documented(doc).sort();
    expect(app_.length).toBeGreaterThan(10);
    expect({
      missingFromDocument: app_.filter((r) => !doc_.includes(r)),
      notServed: doc_.filter((r) => !app_.includes(r)),
    }).toEqual({ missingFromDocument: [], notServed: [] });
  });

  it("describes every operation in Chinese and English, with its parameters, security and error shape", () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method} ${path}`;
        expect(ids.has(op.operationId), where).toBe(false);
        ids.add(op.operationId);
        expect(op.summary, where).toMatch(/[\u4e00-\u9fff]/);
        expect(op.description, where).toMatch(/[A-Za-z]{3,}/);
        expect(Array.isArray(op.security), where).toBe(true);
        const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(
          op.parameters?.filter((p) => p.in === "path").map((p) => p.name),
          where,
        ).toEqual(params.length > 0 ? params : undefined);
        const errors = Object.entries(op.responses).filter(
          ([status]) => status === "default" || Number(status) >= 400,
        );
        expect(errors.length, where).toBeGreaterThan(0);
        for (const [, response] of errors) {
          expect(response.content?.["application/json"]?.schema, where).toEqual({
            $ref: "#/components/schemas/Error",
          });
        }
      }
    }
    expect(doc.components.schemas.Error).toMatchObject({
      type: "object",
      required: ["error"],
    });
    // Staff operations name the session; state-changing ones the CSRF header too.
    expect(doc.paths["/api/campaigns/{id}"]?.patch?.security).toEqual([{ session: [], csrf: [] }]);
    expect(doc.paths["/api/campaigns/{id}"]?.get?.security).toEqual([{ session: [] }]);
    expect(doc.paths["/api/responses/{id}"]?.put?.security).toEqual([]);
  });

  it("shows the very schemas the routes validate with: what it leaves out, the server refuses", async () => {
    const cases: { path: string; method: string; url: string; valid: Record<string, unknown> }[] = [
      {
        path: "/api/campaigns/{id}",
        method: "patch",
        url: `/api/campaigns/${seeded.campaignId}`,
        valid: { name: "新名称" },
      },
      {
        path: "/api/campaigns/{campaignId}/channels",
        method: "post",
        url: `/api/campaigns/${seeded.campaignId}/channels`,
        valid: { label: "活动", kind: "event" },
      },
    ];
    for (const { path, method, url, valid } of cases) {
      const schema = doc.paths[path]?.[method]?.requestBody?.content["application/json"]?.schema;
      expect(schema?.type, path).toBe("object");
      expect(schema?.additionalProperties, path).toBe(false);
      const send = (body: unknown) =>
        admin.request(url, {
          method: method.toUpperCase(),
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      // Every property it documents is accepted; one it does not is refused.
      expect((await send(valid)).status, path).toBeLessThan(300);
      for (const key of Object.keys(valid))
        expect(Object.keys(schema?.properties ?? {})).toContain(key);
      const extra = await send({ ...valid, undocumented: 1 });
      expect(extra.status, path).toBe(400);
      // And what it marks required, the server requires.
      for (const key of schema?.required ?? []) {
        const rest = Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key));
        expect((await send(rest)).status, `${path} without ${key}`).toBe(400);
      }
    }
    expect(
      doc.paths["/api/campaigns/{campaignId}/channels"]?.post?.requestBody?.content[
        "application/json"
      ]?.schema.required?.sort(),
    ).toEqual(["kind", "label"]);
    expect(
      Object.keys(
        doc.paths["/api/campaigns/{id}/schools/import"]?.post?.requestBody?.content ?? {},
      ).sort(),
    ).toEqual(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"]);
  });
});
