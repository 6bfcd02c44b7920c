// Replays a cassette. Exact mode answers each request by its key (`<caseId>#<step>`) — a recording of this very
// suite. Spec-example mode answers by operation and expected status, for cassettes built from the spec's examples.
import type { Cassette, Interaction } from '../recorder/cassette.js';
import { NotRecorded, timeVars, type CapturedWebhook, type OutgoingRequest, type Target, type TargetResponse } from './target.js';

/** Several spec-example cassettes (one per description) replay as one target. */
/** "Now" for cassettes without a usable recording time (spec examples). */
const REPLAY_NOW = Date.UTC(2026, 0, 1);

export function mergeCassettes(cassettes: Cassette[]): Cassette {
  const [first, ...rest] = cassettes;
  if (!first) throw new Error('no cassette');
  if (rest.some((c) => c.source !== first.source)) throw new Error('only cassettes of one source can be merged');
  return {
    ...first,
    label: cassettes.map((c) => c.label).join(' + '),
    served: cassettes.some((c) => c.served === null) ? null : [...new Set(cassettes.flatMap((c) => c.served ?? []))].sort(),
    interactions: cassettes.flatMap((c) => c.interactions),
  };
}

export function createRecordedTarget(cassette: Cassette): Target {
  const byKey = new Map<string, Interaction>();
  for (const i of cassette.interactions) byKey.set(i.key, i);
  const bySpecExample = cassette.source === 'spec-example';
  const answer = (i: Interaction): TargetResponse => ({
    status: i.response!.status,
    headers: i.response!.contentType ? { 'content-type': i.response!.contentType } : {},
    body: structuredClone(i.response!.body),
    ms: 0,
  });
  const noop = async () => {};
  return {
    name: 'recorded',
    description: `cassette "${cassette.label}" (${cassette.source}, ${cassette.interactions.length} interactions)`,
    // Spec examples carry no callbacks and no time, so cases needing either are skipped on them.
    // A replay touches nothing real, whatever the recording came from.
    capabilities: bySpecExample
      ? { ...cassette.capabilities, clock: false, webhooks: false, scenarios: false, inbound: false, sandbox: true }
      : { ...cassette.capabilities, sandbox: true },
    // Replayed answers don't depend on the time values a case sends, so any consistent "now" serves.
    vars: {
      ...timeVars(() => (Number.isNaN(Date.parse(cassette.recordedAt)) ? REPLAY_NOW : Date.parse(cassette.recordedAt))),
      ...cassette.vars,
    },
    async send(request: OutgoingRequest): Promise<TargetResponse> {
      if (bySpecExample) {
        const match = cassette.interactions.find(
          (i) => i.operationId === request.operationId && i.response && i.response.status === request.expectStatus,
        );
        if (!match) throw new NotRecorded(`${request.operationId} ${request.expectStatus ?? ''}`);
        return answer(match);
      }
      const hit = byKey.get(request.key);
      if (!hit?.response) throw new NotRecorded(request.key);
      return answer(hit);
    },
    async servedOperations() {
      return cassette.served ? new Set(cassette.served) : null;
    },
    reset: noop,
    runUntilIdle: noop,
    advance: noop,
    scenario: noop,
    inbound: noop,
    webhookBase: () => cassette.vars['webhook.base'] ?? '',
    webhooks(key?: string): CapturedWebhook[] {
      return (key ? byKey.get(key)?.webhooks : undefined) ?? [];
    },
    async close() {},
  };
}
