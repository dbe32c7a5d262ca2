import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../apps/server/src/openapi/openapi.document';

/*
 * The published OpenAPI document as a contract: every answer the end-to-end tests receive from a
 * documented route is checked against the response schema the document gives for its status (see
 * test-server.ts). So a view that drifts from its schema, or a status the document does not name,
 * fails the test that met it.
 */

const BASE = 'https://klaster.test/openapi.json';
type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown; example?: unknown }> }>; requestBody?: { content: Record<string, { schema?: unknown; example?: unknown }> } };
type Document = { paths: Record<string, Record<string, Operation>>; components?: unknown };

let contract: ApiContract | undefined;
/** One contract per test process: the document the server publishes at /api/docs/openapi.json. */
export const apiContract = () => (contract ??= new ApiContract(openApiDocument() as unknown as Document));

interface Route {
  template: string;
  pattern: RegExp;
  params: number;
}

export class ApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: Document) {
    addFormats(this.ajv);
    // The components live in the document; every schema compiled here refers into it.
    this.ajv.addSchema({ $id: BASE, components: document.components ?? {} });
    this.routes = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      params: (template.match(/\{/g) ?? []).length,
    }));
  }

  /** The documented operation a request addresses (the most specific template), if any. */
  operation(method: string, path: string): { template: string; operation: Operation } | undefined {
    const pathname = path.split('?')[0];
    const m = method.toLowerCase();
    const route = this.routes.filter((r) => r.pattern.test(pathname) && this.document.paths[r.template][m]).sort((a, b) => a.params - b.params)[0];
    return route ? { template: route.template, operation: this.document.paths[route.template][m] } : undefined;
  }

  /**
   * What is wrong with an answer, by the document: a status it does not name for the operation, or a
   * body that does not match the schema of that status. Undefined when it fits (or the route is not
   * documented at all).
   */
  violation(method: string, path: string, status: number, body: unknown, contentType?: string | null): string | undefined {
    const found = this.operation(method, path);
    if (!found) return undefined;
    const response = found.operation.responses?.[String(status)];
    const where = `${method.toUpperCase()} ${found.template} → ${status}`;
    if (!response) return `${where}: the document names no such answer (it names ${Object.keys(found.operation.responses ?? {}).join(', ')})`;
    // A redirect: its status is the answer (its short body is for a person, in what they accept).
    if (status >= 300 && status < 400) return undefined;
    // A file (JSON Lines, CSV, PDF, PEM): its media type must be one the document names for this answer.
    const media = contentType?.split(';')[0].trim().toLowerCase();
    if (media && media !== 'application/json' && body !== undefined) {
      const named = Object.keys(response.content ?? {});
      return named.includes(media) ? undefined : `${where}: sent ${media}, the document names ${named.join(', ') || 'no body'}`;
    }
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return body === undefined ? undefined : `${where}: the document describes no body, yet one was sent`;
    const validate = this.validator(schema);
    return validate(body) ? undefined : `${where}: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}`;
  }

  /** A schema of the document (a response's, a request body's), compiled against its components (once). */
  validator(schema: unknown): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      const rooted = JSON.parse(key.replaceAll('"#/components/', `"${BASE}#/components/`));
      validate = this.ajv.compile(rooted);
      this.validators.set(key, validate);
    }
    return validate;
  }

  errorsText(validate: ValidateFunction): string {
    return this.ajv.errorsText(validate.errors, { separator: '; ' });
  }
}
