// The simulator's own routes for calls (/__sim): a person calls one of your numbers, presses keys or speaks on a
// live call, a callee's script, and a call's timeline.
import type { Kernel } from '../../kernel/index.js';
import { badRequest } from '../../kernel/errors.js';
import { json, noContent } from '../../wire/types.js';
import { readJson, text } from '../../control/json-body.js';
import type { VoiceSessions } from '../../voice/sessions.js';
import type { ControlRoute } from '../resource.js';
import type { CallService } from './model.js';
import { CALL, calleeScript, type CalleeScript } from './scenarios.js';
import { serializeCall } from './serializer.js';

export const callControlRoutes = (kernel: Kernel, calls: CallService, voice: VoiceSessions): ControlRoute[] => [
  {
    method: 'POST',
    template: '/__sim/calls/inbound',
    operationId: 'control: a person calls one of your numbers',
    handle({ request, caller }) {
      const body = readJson(request);
      return json(201, serializeCall(calls.receive(caller, { from: text(body, 'from'), to: text(body, 'to') })));
    },
  },
  {
    method: 'GET',
    template: '/__sim/calls/{CallSid}/timeline',
    operationId: 'control: what happened on a call',
    handle: ({ params, caller }) =>
      json(200, {
        callSid: params.CallSid,
        timeline: calls.timeline(caller, params.CallSid!).map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      }),
  },
  {
    method: 'POST',
    template: '/__sim/calls/{CallSid}/input',
    operationId: 'control: the callee presses keys or speaks',
    handle({ request, params, caller }) {
      const call = calls.fetch(caller, params.CallSid!);
      const body = readJson(request);
      const digits = body.digits;
      const speech = body.speech;
      if (typeof digits === 'string' && /^[0-9*#]{1,32}$/.test(digits)) return json(200, { heard: voice.input(call.sid, { digits }) });
      if (typeof speech === 'string' && speech.length > 0 && speech.length <= 1000) {
        return json(200, { heard: voice.input(call.sid, { speech, confidence: 0.92 }) });
      }
      throw badRequest(20001, "Give 'digits' (0-9, *, #) or 'speech' (text)");
    },
  },
  {
    method: 'GET',
    template: '/__sim/callees',
    operationId: 'control: callee scripts',
    handle: ({ caller }) =>
      json(200, {
        callees: kernel.scenarios.list<CalleeScript>(caller.sid, CALL).map((e) => ({ to: e.to, scope: e.scope, ...e.scenario })),
      }),
  },
  {
    method: 'POST',
    template: '/__sim/callees',
    operationId: 'control: script how a number answers calls',
    handle({ request, caller }) {
      const body = readJson(request);
      const to = text(body, 'to');
      return json(201, { to, ...kernel.scenarios.set(caller.sid, CALL, to, calleeScript(body)) });
    },
  },
  {
    method: 'DELETE',
    template: '/__sim/callees',
    operationId: 'control: forget a callee script',
    handle({ request, caller }) {
      const to = request.query.get('to');
      if (!to) throw badRequest(20001, "'to' query parameter is required");
      kernel.scenarios.remove(caller.sid, CALL, to);
      return noContent();
    },
  },
];
