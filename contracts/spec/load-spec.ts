// Loads Twilio's official OpenAPI descriptions from @twilio/cli-core (installed as a devDependency, so the harness
// runs offline) and indexes them by operationId. Everything else in contracts/ works on this index.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type JsonObject = Record<string, unknown>;

/** The two descriptions the simulator implements. Keys name them in reports; values are files in cli-core. */
export const SPEC_FILES = {
  api_v2010: 'twilio_api_v2010.json',
  lookups_v2: 'twilio_lookups_v2.json',
} as const;
export type SpecName = keyof typeof SPEC_FILES;

export interface OpenApiDocument {
  openapi: string;
  info: { title?: string; version?: string };
  servers?: Array<{ url: string }>;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonObject>; securitySchemes?: JsonObject };
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'form';
  required: boolean;
  schema: JsonObject;
}

export interface ResponseSpec {
  status: number;
  schema?: JsonObject;
  examples: Record<string, unknown>;
}

export interface Operation {
  operationId: string;
  spec: SpecName;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI path template, e.g. /2010-04-01/Accounts/{AccountSid}/Messages.json */
  path: string;
  /** Base URL the live API serves it from (https://api.twilio.com, https://lookups.twilio.com). */
  server: string;
  /** Path, query and form parameters, the form ones flattened from the x-www-form-urlencoded body schema. */
  parameters: Parameter[];
  /** The form body schema as the spec states it (required list included). */
  formSchema?: JsonObject;
  responses: ResponseSpec[];
}

export interface LoadedSpec {
  name: SpecName;
  file: string;
  packageVersion: string;
  doc: OpenApiDocument;
}

const require = createRequire(import.meta.url);

/** Directory holding the JSON descriptions inside the installed @twilio/cli-core. */
export function specDirectory(): string {
  const pkg = require.resolve('@twilio/cli-core/package.json');
  return path.join(path.dirname(pkg), 'src', 'services', 'twilio-api');
}

export function cliCoreVersion(): string {
  const pkg = require('@twilio/cli-core/package.json') as { version: string };
  return pkg.version;
}

export function readSpecFile(file: string): OpenApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** Loads both descriptions from the installed package. Returns fresh objects each call (fix-ups mutate). */
export function loadSpecs(dir: string = specDirectory()): LoadedSpec[] {
  const version = cliCoreVersion();
  return (Object.keys(SPEC_FILES) as SpecName[]).map((name) => {
    const file = path.join(dir, SPEC_FILES[name]);
    return { name, file, packageVersion: version, doc: readSpecFile(file) };
  });
}

const METHODS = ['get', 'post', 'put', 'delete'] as const;

/** Every operation of a description, with parameters flattened (path/query plus form fields). */
export function listOperations(spec: SpecName, doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  const defaultServer = doc.servers?.[0]?.url ?? '';
  for (const [pathTemplate, item] of Object.entries(doc.paths)) {
    const pathServers = item.servers as Array<{ url: string }> | undefined;
    for (const method of METHODS) {
      const raw = item[method] as JsonObject | undefined;
      if (!raw || typeof raw.operationId !== 'string') continue;
      const parameters: Parameter[] = [];
      for (const p of (raw.parameters as JsonObject[] | undefined) ?? []) {
        parameters.push({
          name: String(p.name),
          in: p.in as Parameter['in'],
          required: p.required === true,
          schema: (p.schema as JsonObject | undefined) ?? {},
        });
      }
      const body = raw.requestBody as { content?: Record<string, { schema?: JsonObject }> } | undefined;
      const formSchema = body?.content?.['application/x-www-form-urlencoded']?.schema;
      if (formSchema) {
        const required = new Set((formSchema.required as string[] | undefined) ?? []);
        const props = (formSchema.properties as Record<string, JsonObject> | undefined) ?? {};
        for (const [name, schema] of Object.entries(props)) {
          parameters.push({ name, in: 'form', required: required.has(name), schema });
        }
      }
      const responses: ResponseSpec[] = [];
      for (const [code, r] of Object.entries((raw.responses as Record<string, JsonObject>) ?? {})) {
        const content = (r.content as Record<string, { schema?: JsonObject; examples?: Record<string, { value: unknown }> }>)?.[
          'application/json'
        ];
        const examples: Record<string, unknown> = {};
        for (const [exName, ex] of Object.entries(content?.examples ?? {})) examples[exName] = ex.value;
        responses.push({ status: Number(code), schema: content?.schema, examples });
      }
      ops.push({
        operationId: raw.operationId,
        spec,
        method: method.toUpperCase() as Operation['method'],
        path: pathTemplate,
        server: (raw.servers as Array<{ url: string }> | undefined)?.[0]?.url ?? pathServers?.[0]?.url ?? defaultServer,
        parameters,
        formSchema,
        responses,
      });
    }
  }
  return ops;
}
