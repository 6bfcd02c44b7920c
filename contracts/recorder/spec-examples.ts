// Builds cassettes from the response examples inside Twilio's OpenAPI descriptions. Until real recordings exist
// these stand in for "what Twilio answers"; they are labelled as spec examples everywhere they appear.
import type { LoadedSpec } from '../spec/load-spec.js';
import type { TargetCapabilities } from '../targets/target.js';
import type { ContractValidator } from '../validate/validator.js';
import { PLACEHOLDER_ACCOUNT, type Cassette, type Interaction } from './cassette.js';

/** Stand-in values for case templates when replaying spec examples (request validation still runs on them). */
/** What a cassette can do when replayed: answer requests, nothing that needs a live clock, webhooks or a spend. */
export const REPLAY_CAPABILITIES: TargetCapabilities = {
  clock: false,
  scenarios: false,
  inbound: false,
  webhooks: false,
  magicNumbers: false,
  spends: false,
  secondAccount: false,
  apiKey: false,
  sandbox: true,
};

export const SPEC_EXAMPLE_VARS: Record<string, string> = {
  'account.sid': PLACEHOLDER_ACCOUNT,
  'account.otherSid': '',
  'from.sms': '+14155552345',
  'from.sms2': '+14155552346',
  'from.magic': '+15005550006',
  'from.voiceOnly': '+14155552347',
  'to.mobile': '+14155552348',
  'to.mobile2': '+14155552349',
  'to.mobile3': '+14155552350',
  'owned.sms': '+14155552345',
  'owned.other': '',
  'webhook.base': 'http://127.0.0.1:9',
};

export function specExampleCassette(validator: ContractValidator, spec: LoadedSpec, operationIds: Iterable<string>): Cassette {
  const wanted = new Set(operationIds);
  const interactions: Interaction[] = [];
  for (const op of validator.operations.values()) {
    if (op.spec !== spec.name || !wanted.has(op.operationId)) continue;
    const url = `${op.server}${op.path.replace('{AccountSid}', PLACEHOLDER_ACCOUNT)}`;
    for (const r of op.responses) {
      for (const [name, body] of Object.entries(r.examples)) {
        interactions.push({
          key: `spec-example:${op.operationId}:${name}`,
          operationId: op.operationId,
          request: { method: op.method, url },
          response: { status: r.status, contentType: 'application/json', body },
        });
      }
      // 204s have no example body but are still what the spec promises.
      if (r.status === 204)
        interactions.push({
          key: `spec-example:${op.operationId}:no-content`,
          operationId: op.operationId,
          request: { method: op.method, url },
          response: { status: 204, body: undefined },
        });
    }
  }
  return {
    format: 'twilio-sim-cassette/1',
    label: `spec examples: ${spec.doc.info.title ?? spec.name}`,
    source: 'spec-example',
    note: `Built from the response examples in @twilio/cli-core@${spec.packageVersion} ${spec.file.split('/').pop()}. NOT a recording of real Twilio traffic: regenerate with \`npm run contracts:record -- --from-spec\`.`,
    spec: `@twilio/cli-core@${spec.packageVersion}`,
    recordedAt: 'n/a (generated from the spec)',
    capabilities: REPLAY_CAPABILITIES,
    vars: SPEC_EXAMPLE_VARS,
    served: [...new Set(interactions.map((i) => i.operationId))].sort(),
    interactions,
  };
}
