import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecs, SPEC_FILES, specDirectory, type JsonObject } from './load-spec.js';
import { diffOperations, diffSpecFiles, renderSpecDiff } from './spec-diff.js';

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
});
