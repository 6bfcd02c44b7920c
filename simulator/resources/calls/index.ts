// The Calls resource: Calls over REST, the life cycle and CPS pacing, callee scripts, status callbacks, and the
// call's TwiML acted out by simulator/voice.
import type { Kernel } from '../../kernel/index.js';
import { VoiceSessions } from '../../voice/sessions.js';
import type { WebhookDispatcher } from '../../webhooks/index.js';
import type { Resource } from '../resource.js';
import { callControlRoutes } from './control-routes.js';
import { CallService, type CallOptions } from './model.js';
import { callRoutes } from './routes.js';
import { CALL, calleeScript } from './scenarios.js';
import { deliverCallStatusCallbacks } from './webhooks.js';

export interface CallsResource extends Resource {
  readonly service: CallService;
  readonly voice: VoiceSessions;
}

export function callsResource(kernel: Kernel, dispatcher: WebhookDispatcher, options: CallOptions = {}): CallsResource {
  const service = new CallService(kernel, options);
  for (const s of kernel.fixtures.scenarios) if (s.call) kernel.scenarios.setForEveryAccount(CALL, s.to, calleeScript(s.call));
  deliverCallStatusCallbacks(kernel, dispatcher, (call) => service.calleeOf(call));
  const voice = new VoiceSessions(kernel, dispatcher, service);
  return { name: 'calls', routes: callRoutes(service), controlRoutes: callControlRoutes(kernel, service, voice), service, voice };
}
