// Turns the OpenAPI document into what the /docs/api page shows: operations grouped by tag, with
// parameters, request fields, responses and curl, and the named schemas as field tables. Reading
// the document (not the zod schemas) means the page shows exactly what clients download.
import type { ApiDocument } from "./document";

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  default?: unknown;
};

/** A type as text pieces; a piece with `ref` names a schema of the Schemas section. */
export type TypeLabel = { text: string; ref?: string }[];
export type Field = { name: string; type: TypeLabel; required: boolean; description: string };
export type ReferenceOperation = {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  auth: string;
  parameters: (Field & { location: string })[];
  body: { contentTypes: string[]; required: boolean; fields: Field[] } | null;
  responses: { status: string; description: string; type: TypeLabel | null }[];
  curl: string | null;
};
export type ApiReference = {
  title: string;
  version: string;
  description: string;
  groups: { tag: string; description: string; operations: ReferenceOperation[] }[];
  schemas: { name: string; description: string; fields: Field[]; type: TypeLabel }[];
};

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** The schema of a content map's first media type (every operation here has one schema). */
function contentSchema(content: Record<string, unknown> | undefined): JsonSchema | undefined {
  const media = content ? Object.values(content)[0] : undefined;
  return typeof media === "object" && media !== null && "schema" in media ? (media.schema as JsonSchema) : undefined;
}
const refName = (ref: string) => ref.split("/").pop() ?? ref;

function typeLabel(schema: JsonSchema | undefined): TypeLabel {
  if (!schema) return [{ text: "any" }];
  if (schema.$ref) return [{ text: refName(schema.$ref), ref: refName(schema.$ref) }];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.flatMap((variant, i) => [...(i > 0 ? [{ text: " | " }] : []), ...typeLabel(variant)]);
  if (schema.enum) return [{ text: schema.enum.map((value) => JSON.stringify(value)).join(" | ") }];
  if (schema.const !== undefined) return [{ text: JSON.stringify(schema.const) }];
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? "object"];
  return types.flatMap((type, i) => {
    const sep = i > 0 ? [{ text: " | " }] : [];
    if (type === "array") return [...sep, ...typeLabel(schema.items), { text: "[]" }];
    if (type === "string" && schema.format) return [...sep, { text: `string (${schema.format})` }];
    return [...sep, { text: type }];
  });
}

/** The object behind a nullable/union wrapper, when it is an inline object with properties. */
function inlineObject(schema: JsonSchema): JsonSchema | null {
  if (schema.properties) return schema;
  if (schema.items?.properties) return schema.items;
  const variant = (schema.anyOf ?? schema.oneOf)?.find((v) => v.properties);
  return variant ?? null;
}

/** An object's fields; nested inline objects become dotted rows (`customer.email`). */
function objectFields(schema: JsonSchema, prefix = ""): Field[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const full = `${prefix}${name}${property.type === "array" ? "[]" : ""}`;
    const description = [property.description ?? property.items?.description ?? "", property.default !== undefined ? `Default ${JSON.stringify(property.default)}.` : ""]
      .filter(Boolean)
      .join(" ");
    const row: Field = { name: `${prefix}${name}`, type: typeLabel(property), required: required.has(name), description };
    const nested = inlineObject(property);
    return nested ? [row, ...objectFields(nested, `${full}.`)] : [row];
  });
}

function operationAuth(security: { [scheme: string]: string[] }[] | undefined): string {
  const scopes = security?.flatMap((requirement) => Object.values(requirement).flat()) ?? [];
  if (!security || security.length === 0) return "None (public)";
  return scopes.includes("write") ? "API key with write scope" : "API key (read or write scope)";
}

export function buildApiReference(document: ApiDocument): ApiReference {
  const operations: (ReferenceOperation & { tag: string })[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const body = operation.requestBody && "content" in operation.requestBody ? operation.requestBody : null;
      const bodySchema = contentSchema(body?.content);
      const samples = (operation as { "x-codeSamples"?: { source: string }[] })["x-codeSamples"];
      operations.push({
        tag: operation.tags?.[0] ?? "Other",
        id: operation.operationId ?? `${method}-${path}`,
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? "",
        description: operation.description ?? "",
        auth: operationAuth(operation.security),
        parameters: (operation.parameters ?? []).flatMap((parameter) =>
          "in" in parameter
            ? [{
                location: parameter.in,
                name: parameter.name,
                type: typeLabel(parameter.schema as JsonSchema | undefined),
                required: parameter.required ?? false,
                description: parameter.description ?? "",
              }]
            : [],
        ),
        body: body ? { contentTypes: Object.keys(body.content), required: body.required ?? false, fields: bodySchema ? objectFields(bodySchema) : [] } : null,
        responses: Object.entries(operation.responses ?? {}).map(([status, response]) => {
          const schema = contentSchema("content" in response ? response.content : undefined);
          return { status, description: "description" in response ? response.description : "", type: schema ? typeLabel(schema) : null };
        }),
        curl: samples?.[0]?.source ?? null,
      });
    }
  }
  const groups = (document.tags ?? []).map((tag) => ({
    tag: tag.name,
    description: tag.description ?? "",
    operations: operations.filter((operation) => operation.tag === tag.name),
  }));
  const schemas = Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => {
    const json = schema as JsonSchema;
    return { name, description: json.description ?? "", fields: json.properties ? objectFields(json) : [], type: typeLabel(json) };
  });
  return { title: document.info.title, version: document.info.version, description: document.info.description ?? "", groups, schemas };
}
