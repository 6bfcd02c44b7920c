import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadSpecs, SPEC_FILES, specDirectory, type JsonObject, type OpenApiDocument } from './load-spec.js';
import { diffOperations, diffSpecFiles, renderSpecDiff, SpecDiffInputError } from './spec-diff.js';

/** A one-operation description whose 200 body has the given properties (components for $refs). */
function tinyDoc(properties: Record<string, JsonObject>, schemas: Record<string, JsonObject> = {}): OpenApiDocument {
  return {
    openapi: '3.0.1',
    paths: {
      '/v2/Things/{Sid}': {
        get: {
          operationId: 'FetchThing',
          responses: { '200': { content: { 'application/json': { schema: { type: 'object', properties } } } } },
        },
      },
    },
    components: { schemas },
  } as unknown as OpenApiDocument;
}

describe('spec-diff', () => {
  it('finds nothing between a spec and itself', () => {
    const dir = specDirectory();
    const result = diffSpecFiles(dir, dir);
    expect(result.map((r) => r.changes.length)).toEqual([0, 0]);
  });

  it('lists added/removed fields, enum values, parameters and requiredness for the chosen operations', () => {
    const [old] = loadSpecs();
    const next = structuredClone(old!.doc);
    const message = next.components.schemas['api.v2010.account.message'] as { properties: Record<string, JsonObject> };
    delete message.properties.error_message;
    message.properties.do_not_call = { type: 'boolean', nullable: true };
    message.properties.num_segments = { type: 'integer', nullable: true };
    (next.components.schemas.message_enum_status as { enum: string[] }).enum.push('pending_review');
    const create = next.paths['/2010-04-01/Accounts/{AccountSid}/Messages.json']!.post as {
      requestBody: { content: Record<string, { schema: { required: string[]; properties: JsonObject } }> };
    };
    const form = create.requestBody.content['application/x-www-form-urlencoded']!.schema;
    form.required = ['To', 'Body'];
    delete form.properties.ProvideFeedback;

    const changes = diffOperations(old!.doc, next, 'api_v2010', new Set(['CreateMessage']));
    const got = changes.map((c) => `${c.kind} ${c.where}`);
    expect(got).toEqual(
      expect.arrayContaining([
        'field-removed 201 error_message',
        'field-added 201 do_not_call',
        'field-changed 201 num_segments',
        'enum-values-added 201 status',
        'parameter-changed form:Body',
        'parameter-removed form:ProvideFeedback',
      ]),
    );
    expect(changes.every((c) => c.operationId === 'CreateMessage')).toBe(true);
    expect(renderSpecDiff([{ spec: 'api_v2010', changes }])).toContain('pending_review');
  });

  it('accepts two cli-core directories or two files', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'spec-diff-'));
    const [old] = loadSpecs();
    const next = structuredClone(old!.doc);
    delete next.paths['/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json']!.delete;
    const file = path.join(tmp, SPEC_FILES.api_v2010);
    writeFileSync(file, JSON.stringify(next));
    const result = diffSpecFiles(old!.file, file, new Set(['DeleteMessage', 'FetchMessage']));
    expect(result[0]!.changes).toEqual([expect.objectContaining({ operationId: 'DeleteMessage', kind: 'operation-removed' })]);
  });

  it('sees changes inside array items (type and enum of primitive items, fields of object items)', () => {
    const before = tinyDoc({
      validation_errors: { type: 'array', items: { type: 'string', enum: ['TOO_SHORT', 'TOO_LONG'] } },
      codes: { type: 'array', items: { type: 'string' } },
      entries: { type: 'array', items: { type: 'object', properties: { at: { type: 'string' } } } },
    });
    const after = tinyDoc({
      validation_errors: { type: 'array', items: { type: 'string', enum: ['TOO_SHORT', 'INVALID_LENGTH'] } },
      codes: { type: 'array', items: { type: 'integer' } },
      entries: { type: 'array', items: { type: 'object', properties: { at: { type: 'integer' }, by: { type: 'string' } } } },
    });
    const got = diffOperations(before, after, 'lookups_v2').map((c) => `${c.kind} ${c.where}`);
    expect(got.sort()).toEqual(
      [
        'enum-values-added 200 validation_errors[]',
        'enum-values-removed 200 validation_errors[]',
        'field-changed 200 codes[]',
        'field-changed 200 entries[].at',
        'field-added 200 entries[].by',
      ].sort(),
    );
  });

  it('sees changes inside anyOf/oneOf branches (a nullable $ref enum, properties of a union member)', () => {
    const schemas = (values: string[]): Record<string, JsonObject> => ({ status_enum: { type: 'string', enum: values } });
    const before = tinyDoc(
      {
        status: { anyOf: [{ $ref: '#/components/schemas/status_enum' }, { type: 'null' }] },
        info: { oneOf: [{ type: 'object', properties: { carrier: { type: 'string' } } }, { type: 'null' }] },
      },
      schemas(['queued', 'sent']),
    );
    const after = tinyDoc(
      {
        status: { anyOf: [{ $ref: '#/components/schemas/status_enum' }, { type: 'string' }] },
        info: { oneOf: [{ type: 'object', properties: { carrier: { type: 'integer' } } }, { type: 'null' }] },
      },
      schemas(['queued', 'sent', 'read']),
    );
    const got = diffOperations(before, after, 'lookups_v2').map((c) => `${c.kind} ${c.where}`);
    expect(got).toEqual(
      expect.arrayContaining(['enum-values-added 200 status', 'field-changed 200 status', 'field-changed 200 info.carrier']),
    );
    expect(diffOperations(before, structuredClone(before), 'lookups_v2')).toEqual([]);
  });

  it('says a missing input is missing, in one line and without a stack trace', () => {
    expect(() => diffSpecFiles('/nonexistent/old.json', loadSpecs()[0]!.file)).toThrow(SpecDiffInputError);
    expect(() => diffSpecFiles('/nonexistent/old.json', loadSpecs()[0]!.file)).toThrow('/nonexistent/old.json: no such file or directory');
    const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', cli, 'spec-diff', '/nonexistent/old.json', '/nonexistent/new.json'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(66);
    expect(run.stderr.trim()).toBe('spec-diff: /nonexistent/old.json: no such file or directory');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
