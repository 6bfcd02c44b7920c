// The Calls Streams subresource: start a unidirectional stream on a live call (as <Start><Stream> does) and stop it
// by sid. Parameters as Twilio names them: Url, Name, Track, StatusCallback, StatusCallbackMethod and
// Parameter1.Name / Parameter1.Value … Parameter99.
import { badRequest, notFound } from '../../kernel/errors.js';
import type { CallService } from '../../resources/calls/model.js';
import type { Call } from '../../resources/calls/types.js';
import type { RestRoute } from '../../resources/resource.js';
import { one, readForm } from '../../wire/form.js';
import { rfc2822 } from '../../wire/format.js';
import { json } from '../../wire/types.js';
import type { MediaStream } from './media-stream.js';
import type { MediaStreams } from './media-streams.js';

const MAX_PARAMETERS = 99;

function serializeStream(stream: MediaStream, stoppedAt: number | null, now: number) {
  const { call } = stream;
  return {
    sid: stream.sid,
    account_sid: call.accountSid,
    call_sid: call.sid,
    name: stream.spec.name,
    status: stoppedAt === null ? 'in-progress' : 'stopped',
    date_updated: rfc2822(stoppedAt ?? now),
    uri: `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}/Streams/${stream.sid}.json`,
  };
}

export const streamRestRoutes = (calls: CallService, streams: MediaStreams, now: (accountSid: string) => number): RestRoute[] => [
  {
    method: 'POST',
    template: '/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Streams.json',
    operationId: 'CreateStream',
    async handle({ request, params, caller }) {
      const form = await readForm(request);
      const call: Call = calls.fetch(caller, params.CallSid!);
      const url = one(form, 'Url');
      if (!url) throw badRequest(20001, 'Missing required parameter Url in the post body');
      if (call.status !== 'in-progress') throw badRequest(21220, `Call ${call.sid} is not in-progress. Cannot start a stream.`);
      const parameters: Array<{ name: string; value: string }> = [];
      for (let i = 1; i <= MAX_PARAMETERS; i++) {
        const name = one(form, `Parameter${i}.Name`);
        if (name) parameters.push({ name, value: one(form, `Parameter${i}.Value`) ?? '' });
      }
      const method = (one(form, 'StatusCallbackMethod') ?? 'POST').toUpperCase();
      const stream = streams.startFork(call, {
        name: one(form, 'Name') ?? null,
        url,
        track: one(form, 'Track') ?? 'inbound_track',
        statusCallback: one(form, 'StatusCallback') ?? null,
        statusCallbackMethod: method === 'GET' ? 'GET' : 'POST',
        parameters,
      });
      const found = stream && streams.find(call.sid, stream.sid);
      if (!found) throw badRequest(20001, 'The stream could not be started');
      // Twilio's OpenAPI description answers CreateStream with 200 (not 201 as for Calls).
      return json(200, serializeStream(found.stream, found.stoppedAt, now(caller.sid)));
    },
  },
  {
    method: 'POST',
    template: '/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Streams/{Sid}.json',
    operationId: 'UpdateStream',
    async handle({ request, params, caller }) {
      const form = await readForm(request);
      const call = calls.fetch(caller, params.CallSid!);
      const found = streams.find(call.sid, params.Sid!);
      if (!found) throw notFound(`The requested resource ${request.path} was not found`);
      if (one(form, 'Status') !== 'stopped') throw badRequest(20001, "Status must be 'stopped'");
      found.stream.stop('stopped through the API');
      return json(200, serializeStream(found.stream, found.stoppedAt ?? now(caller.sid), now(caller.sid)));
    },
  },
];
