// Calls over the wire: parameter parsing and the five operations Twilio serves.
import { badRequest } from '../../kernel/errors.js';
import { parseCallbackUrl } from '../../wire/callback-url.js';
import { parseDateBound } from '../../wire/date-filter.js';
import { all, type FormParams, one, readForm } from '../../wire/form.js';
import { paginate, readPageRequest } from '../../wire/paging.js';
import { json, noContent } from '../../wire/types.js';
import type { RestRoute } from '../resource.js';
import type { CallFilter, CallService } from './model.js';
import { callListPath, serializeCall } from './serializer.js';
import type { CallStatus } from './types.js';
import { method } from './validation.js';

const STATUSES: readonly CallStatus[] = ['queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'];

function wholeSeconds(form: FormParams, key: string, code: number): number | undefined {
  const raw = one(form, key);
  if (raw === undefined || raw === '') return undefined;
  if (!/^[0-9]{1,7}$/.test(raw)) throw badRequest(code, `${key} must be a whole number of seconds, not '${raw}'`);
  return Number(raw);
}

function bool(form: FormParams, key: string): boolean | undefined {
  const raw = one(form, key)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (raw !== 'true' && raw !== 'false') throw badRequest(20001, `${key} must be true or false`);
  return raw === 'true';
}

function readFilter(query: URLSearchParams): { filter: CallFilter; filters: URLSearchParams } {
  const filters = new URLSearchParams();
  for (const key of ['To', 'From', 'Status', 'ParentCallSid', 'StartTime', 'StartTime<', 'StartTime>']) {
    const value = query.get(key);
    if (value !== null) filters.set(key, value);
  }
  const status = query.get('Status') ?? undefined;
  if (status !== undefined && !STATUSES.includes(status as CallStatus)) throw badRequest(20001, `Invalid Status '${status}'`);
  const exactDay = query.get('StartTime');
  return {
    filter: {
      to: query.get('To') ?? undefined,
      from: query.get('From') ?? undefined,
      status: status as CallStatus | undefined,
      parentCallSid: query.get('ParentCallSid') ?? undefined,
      startedFrom: parseDateBound(exactDay ?? query.get('StartTime>'), 'start'),
      startedBefore: parseDateBound(exactDay ?? query.get('StartTime<'), 'end'),
    },
    filters,
  };
}

export const callRoutes = (calls: CallService): RestRoute[] => [
  {
    method: 'POST',
    template: '/2010-04-01/Accounts/{AccountSid}/Calls.json',
    operationId: 'CreateCall',
    async handle({ request, caller: account }) {
      const form = await readForm(request);
      const call = calls.create(account, {
        to: one(form, 'To'),
        from: one(form, 'From'),
        url: one(form, 'Url'),
        method: one(form, 'Method'),
        fallbackUrl: one(form, 'FallbackUrl'),
        fallbackMethod: one(form, 'FallbackMethod'),
        twiml: one(form, 'Twiml'),
        applicationSid: one(form, 'ApplicationSid'),
        statusCallback: parseCallbackUrl(one(form, 'StatusCallback'), 21609, 'StatusCallback'),
        statusCallbackMethod: one(form, 'StatusCallbackMethod'),
        statusCallbackEvents: all(form, 'StatusCallbackEvent'),
        timeoutS: wholeSeconds(form, 'Timeout', 21207),
        timeLimitS: wholeSeconds(form, 'TimeLimit', 20001),
        machineDetection: one(form, 'MachineDetection'),
        sendDigits: one(form, 'SendDigits'),
        record: bool(form, 'Record'),
      });
      return json(201, serializeCall(call));
    },
  },
  {
    method: 'GET',
    template: '/2010-04-01/Accounts/{AccountSid}/Calls.json',
    operationId: 'ListCall',
    handle({ request, caller: account }) {
      const { filter, filters } = readFilter(request.query);
      const { pageItems, envelope } = paginate(
        calls.list(account, filter),
        (c) => c.sid,
        callListPath(account.sid),
        filters,
        readPageRequest(request.query),
        (sid) => calls.box(account).order(sid),
      );
      return json(200, { calls: pageItems.map(serializeCall), ...envelope });
    },
  },
  {
    method: 'GET',
    template: '/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json',
    operationId: 'FetchCall',
    handle: ({ params, caller: account }) => json(200, serializeCall(calls.fetch(account, params.Sid!))),
  },
  {
    method: 'POST',
    template: '/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json',
    operationId: 'UpdateCall',
    async handle({ request, params, caller: account }) {
      const form = await readForm(request);
      const url = one(form, 'Url');
      const twiml = one(form, 'Twiml');
      const statusCallbackMethod = one(form, 'StatusCallbackMethod');
      const call = calls.update(account, params.Sid!, {
        status: one(form, 'Status'),
        instructions:
          url || twiml
            ? {
                url,
                twiml,
                method: one(form, 'Method'),
                fallbackUrl: one(form, 'FallbackUrl'),
                fallbackMethod: one(form, 'FallbackMethod'),
              }
            : undefined,
        statusCallback: parseCallbackUrl(one(form, 'StatusCallback'), 21609, 'StatusCallback'),
        statusCallbackMethod: statusCallbackMethod === undefined ? undefined : method(statusCallbackMethod, 'StatusCallbackMethod'),
        timeLimitS: wholeSeconds(form, 'TimeLimit', 20001),
      });
      return json(200, serializeCall(call));
    },
  },
  {
    method: 'DELETE',
    template: '/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json',
    operationId: 'DeleteCall',
    handle({ params, caller: account }) {
      calls.delete(account, params.Sid!);
      return noContent();
    },
  },
];
