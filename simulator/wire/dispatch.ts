// Which surface a request is for: the control API (/__sim) or Twilio's REST API.
import { handleControlRequest } from './control-routes.js';
import type { SimulatorRuntime } from '../runtime.js';
import { handleTwilioRequest } from './twilio-api.js';
import type { WireRequest, WireResponse } from './types.js';

export function handleRequest(runtime: SimulatorRuntime, request: WireRequest): Promise<WireResponse> {
  return request.path.startsWith('/__sim/') ? handleControlRequest(runtime, request) : handleTwilioRequest(runtime, request);
}
