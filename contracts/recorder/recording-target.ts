// Wraps a target and keeps every exchange (and the webhooks each step read) as cassette interactions.
import type { CapturedWebhook, OutgoingRequest, Target, TargetResponse } from '../targets/target.js';
import { sanitise, type Cassette, type CassetteSource, type Interaction, type Redactions } from './cassette.js';

export interface RecordingTarget extends Target {
  cassette(meta: { label: string; source: CassetteSource; note: string; spec: string }): Promise<Cassette>;
}

export function recordingTarget(inner: Target, redactions: Redactions = {}): RecordingTarget {
  const interactions: Interaction[] = [];
  return {
    ...inner,
    name: inner.name,
    description: inner.description,
    capabilities: inner.capabilities,
    vars: inner.vars,
    async send(request: OutgoingRequest): Promise<TargetResponse> {
      const res = await inner.send(request);
      interactions.push({
        key: request.key,
        operationId: request.operationId,
        request: { method: request.method, url: request.url, ...(request.form ? { form: request.form } : {}) },
        response: { status: res.status, contentType: res.headers['content-type'], body: res.body },
      });
      return res;
    },
    webhooks(key?: string): CapturedWebhook[] {
      const hooks = inner.webhooks?.(key) ?? [];
      if (key)
        interactions.push({ key, operationId: '(webhooks)', request: { method: 'WEBHOOKS', url: '' }, webhooks: structuredClone(hooks) });
      return hooks;
    },
    async cassette(meta) {
      const served = await inner.servedOperations();
      return sanitise(
        {
          format: 'twilio-sim-cassette/1' as const,
          ...meta,
          recordedAt: new Date().toISOString(),
          capabilities: inner.capabilities,
          // Time-relative values are computed per run and can't be replayed; cases needing them skip on replay.
          vars: Object.fromEntries(Object.entries(inner.vars).filter((e): e is [string, string] => typeof e[1] === 'string')),
          served: served ? [...served].sort() : null,
          interactions,
        },
        redactions,
      );
    },
  };
}
