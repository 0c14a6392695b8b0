import Ajv from 'ajv';
import type { Response } from 'supertest';

type Json = unknown;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export interface OpenApiDocument {
  paths: Record<string, Partial<Record<Method, { responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }>>>;
  components: { schemas: Record<string, Json> };
}

const ROOT = 'openapi.json';

/** Distributed mode serves one document per service: their paths and schemas, together (shared names are the same classes). */
export function mergeDocuments(documents: OpenApiDocument[]): OpenApiDocument {
  return {
    paths: Object.assign({}, ...documents.map((d) => d.paths)),
    components: { schemas: Object.assign({}, ...documents.map((d) => d.components.schemas)) },
  };
}

/**
 * An OpenAPI 3.0 schema as JSON Schema (draft-07) for ajv: `nullable: true` becomes "null or this"
 * (ajv's own `nullable` option ignores it next to `allOf`/$ref, which is how Nest writes a nullable
 * object), and each $ref points into the document registered as `openapi.json`.
 */
export function toJsonSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Record<string, Json>;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${ROOT}${v}` : toJsonSchema(v)]),
  );
  return nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

/** Validates real answers against the responses the live document declares for their route and status. */
export class ResponseSchemas {
  private readonly ajv = new Ajv({ allErrors: true, format: 'full', jsonPointers: true });
  /** `get /campaigns/{id} 200`, for each answer checked. */
  readonly checked = new Set<string>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv.addSchema({ $id: ROOT, components: { schemas: toJsonSchema(document.components.schemas) } });
  }

  /** `method path status` of every route whose answer the document declares as a JSON schema. */
  declared(): string[] {
    return Object.entries(this.document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        Object.entries(operation?.responses ?? {})
          .filter(([, response]) => response.content?.['application/json']?.schema)
          .map(([status]) => `${method} ${path} ${status}`),
      ),
    );
  }

  /** The JSON schema the document declares for `method path` answering `status`; throws when it declares none. */
  schemaOf(method: Method, path: string, status: number): Json {
    const operation = this.document.paths[path]?.[method];
    if (!operation) throw new Error(`the document has no ${method.toUpperCase()} ${path}`);
    const schema = operation.responses?.[String(status)]?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${method.toUpperCase()} ${path} declares no application/json schema for ${status}`);
    return schema;
  }

  /** The validation errors of `body` (empty: it matches the declared schema). */
  errors(method: Method, path: string, status: number, body: Json): string[] {
    const validate = this.ajv.compile(toJsonSchema(this.schemaOf(method, path, status)) as object);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.dataPath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
  }

  /** Fails unless the answer matches its declared schema; returns its body. */
  check<T = Record<string, unknown>>(method: Method, path: string, res: Response): T {
    const problems = this.errors(method, path, res.status, res.body);
    if (problems.length > 0) {
      throw new Error(
        `${method.toUpperCase()} ${path} ${res.status} does not match its declared schema:\n  ${problems.join('\n  ')}\nbody: ${JSON.stringify(res.body).slice(0, 2000)}`,
      );
    }
    this.checked.add(`${method} ${path} ${res.status}`);
    return res.body as T;
  }
}
