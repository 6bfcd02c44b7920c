// IncomingPhoneNumbers: list, fetch and update (where a user points sms_url/voice_url at their app).
import { badRequest } from '../../kernel/errors.js';
import type { NumberChange, NumberService } from './model.js';
import { one, readForm, type FormParams } from '../../wire/form.js';
import { parseCallbackUrl } from '../../wire/callback-url.js';
import { paginate, readPageRequest } from '../../wire/paging.js';
import type { RestRoute } from '../resource.js';
import { serializeNumber } from './serializer.js';
import { json, noContent } from '../../wire/types.js';

function method(form: FormParams, key: string): 'GET' | 'POST' | undefined {
  const value = one(form, key);
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (upper !== 'GET' && upper !== 'POST') throw badRequest(21209, `${key} must be GET or POST, not '${value}'`);
  return upper;
}

function boolean(form: FormParams, key: string): boolean | undefined {
  const value = one(form, key)?.toLowerCase();
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw badRequest(20001, `${key} must be true or false`);
  return value === 'true';
}

/** An empty string clears a URL, as in Twilio's console. */
function url(form: FormParams, key: string, code: number): string | null | undefined {
  const value = one(form, key);
  if (value === undefined) return undefined;
  return value === '' ? null : parseCallbackUrl(value, code, key)!;
}

function readChange(form: FormParams): NumberChange {
  const change: NumberChange = {
    friendlyName: one(form, 'FriendlyName'),
    smsUrl: url(form, 'SmsUrl', 21502),
    smsMethod: method(form, 'SmsMethod'),
    smsFallbackUrl: url(form, 'SmsFallbackUrl', 21502),
    smsFallbackMethod: method(form, 'SmsFallbackMethod'),
    voiceUrl: url(form, 'VoiceUrl', 21502),
    voiceMethod: method(form, 'VoiceMethod'),
    voiceFallbackUrl: url(form, 'VoiceFallbackUrl', 21502),
    voiceFallbackMethod: method(form, 'VoiceFallbackMethod'),
    voiceCallerIdLookup: boolean(form, 'VoiceCallerIdLookup'),
    statusCallback: url(form, 'StatusCallback', 21609),
    statusCallbackMethod: method(form, 'StatusCallbackMethod'),
  };
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as NumberChange;
}

export const incomingPhoneNumberRoutes = (numbers: NumberService): RestRoute[] => [
  {
    method: 'GET',
    template: '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
    operationId: 'ListIncomingPhoneNumber',
    handle({ request, caller: account }) {
      const q = request.query;
      const filters = new URLSearchParams();
      for (const key of ['PhoneNumber', 'FriendlyName']) if (q.get(key) !== null) filters.set(key, q.get(key)!);
      const items = numbers.list(account, {
        phoneNumber: q.get('PhoneNumber') ?? undefined,
        friendlyName: q.get('FriendlyName') ?? undefined,
      });
      const path = `/2010-04-01/Accounts/${account.account.sid}/IncomingPhoneNumbers.json`;
      const { pageItems, envelope } = paginate(items, (n) => n.sid, path, filters, readPageRequest(q));
      return json(200, { incoming_phone_numbers: pageItems.map(serializeNumber), ...envelope });
    },
  },
  {
    method: 'POST',
    template: '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
    operationId: 'CreateIncomingPhoneNumber',
    async handle({ request, caller: account }) {
      const form = await readForm(request);
      const bought = numbers.buy(account, { phoneNumber: one(form, 'PhoneNumber'), areaCode: one(form, 'AreaCode') }, readChange(form));
      return json(201, serializeNumber(bought));
    },
  },
  {
    method: 'DELETE',
    template: '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
    operationId: 'DeleteIncomingPhoneNumber',
    handle({ params, caller: account }) {
      numbers.release(account, params.Sid!);
      return noContent();
    },
  },
  {
    method: 'GET',
    template: '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
    operationId: 'FetchIncomingPhoneNumber',
    handle: ({ params, caller: account }) => json(200, serializeNumber(numbers.fetch(account, params.Sid!))),
  },
  {
    method: 'POST',
    template: '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
    operationId: 'UpdateIncomingPhoneNumber',
    async handle({ request, params, caller: account }) {
      const change = readChange(await readForm(request));
      return json(200, serializeNumber(numbers.update(account, params.Sid!, change)));
    },
  },
];
