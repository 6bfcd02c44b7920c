// The production adapter and the simulated operator each keep the washing service's names, codes and limits in one
// place (src/ and simulator/ never import each other). This checks the two places and the WSDL say the same.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WASH_SERVICE_SPEC } from '../../src/index.js';
import { MAX_BATCH, OPERATIONS, RECOMMENDED_BATCH, RETURN_CODES } from '../../simulator/resources/dncr/protocol.js';

const wsdl = readFileSync(new URL('../../fixtures/dncr/wash-service.wsdl', import.meta.url), 'utf8');

describe('the DNCR washing protocol, client side and simulator side', () => {
  it('names the same three operations, and the WSDL binds exactly those', () => {
    expect(OPERATIONS).toEqual(DEFAULT_WASH_SERVICE_SPEC.operations);
    const bound = [...wsdl.matchAll(/<soap:operation soapAction="[^"]*#(\w+)"/g)].map((m) => m[1]);
    expect(bound.sort()).toEqual(Object.values(OPERATIONS).sort());
  });

  it('has the same limits and the same non-zero return codes', () => {
    expect(MAX_BATCH).toBe(DEFAULT_WASH_SERVICE_SPEC.maxBatch);
    expect(RECOMMENDED_BATCH).toBe(DEFAULT_WASH_SERVICE_SPEC.recommendedBatch);
    const simulated = Object.values(RETURN_CODES).filter((c) => c !== 0);
    expect(simulated.sort()).toEqual(Object.keys(DEFAULT_WASH_SERVICE_SPEC.returnCodes).map(Number).sort());
  });

  it('uses the request and response field names the WSDL declares', () => {
    const { fields, response } = DEFAULT_WASH_SERVICE_SPEC;
    for (const name of [...Object.values(fields), ...Object.values(response)]) expect(wsdl).toContain(`name="${name}"`);
  });
});
