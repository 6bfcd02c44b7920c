// IncomingPhoneNumbers: list, fetch and update (where a user points sms_url/voice_url at their app).
import { badRequest } from '../engine/errors.js';
import type { NumberChange } from '../engine/numbers.js';
import type { OwnedNumber } from '../engine/types.js';
import { one, readForm, type FormParams } from './form.js';
import { rfc2822 } from './format.js';
import { parseCallbackUrl } from './messages.js';
import { paginate, readPageRequest } from './paging.js';
import type { Route } from './router.js';
import { json } from './types.js';

const itemPath = (n: OwnedNumber) => `/2010-04-01/Accounts/${n.accountSid}/IncomingPhoneNumbers/${n.sid}`;

export function serializeNumber(n: OwnedNumber) {
  return {
    account_sid: n.accountSid,
    address_sid: null,
    address_requirements: 'none',
    api_version: '2010-04-01',
    beta: false,
    capabilities: { voice: n.capabilities.voice, sms: n.capabilities.sms, mms: n.capabilities.mms, fax: n.capabilities.fax },
    date_created: rfc2822(n.dateCreated),
    date_updated: rfc2822(n.dateUpdated),
    friendly_name: n.friendlyName,
    identity_sid: null,
    phone_number: n.phoneNumber,
    origin: 'twilio',
    sid: n.sid,
    sms_application_sid: null,
    sms_fallback_method: n.smsFallbackMethod,
    sms_fallback_url: n.smsFallbackUrl ?? '',
    sms_method: n.smsMethod,
    sms_url: n.smsUrl ?? '',
    status_callback: n.statusCallback ?? '',
    status_callback_method: n.statusCallbackMethod,
    trunk_sid: null,
    uri: `${itemPath(n)}.json`,
    voice_receive_mode: 'voice',
    voice_application_sid: null,
    voice_caller_id_lookup: n.voiceCallerIdLookup,
    voice_fallback_method: n.voiceFallbackMethod,
    voice_fallback_url: n.voiceFallbackUrl ?? '',
    voice_method: n.voiceMethod,
    voice_url: n.voiceUrl ?? '',
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    bundle_sid: null,
    status: 'in-use',
  };
}

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

export const incomingPhoneNumberRoutes: Route[] = [
  {
    method: 'GET',
    template: '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
    operationId: 'ListIncomingPhoneNumber',
    handle({ request, account, engine }) {
      const q = request.query;
      const filters = new URLSearchParams();
      for (const key of ['PhoneNumber', 'FriendlyName']) if (q.get(key) !== null) filters.set(key, q.get(key)!);
      const items = engine.numbers.list(account, {
        phoneNumber: q.get('PhoneNumber') ?? undefined,
        friendlyName: q.get('FriendlyName') ?? undefined,
      });
      const path = `/2010-04-01/Accounts/${account.account.sid}/IncomingPhoneNumbers.json`;
      const { pageItems, envelope } = paginate(items, (n) => n.sid, path, filters, readPageRequest(q));
      return json(200, { incoming_phone_numbers: pageItems.map(serializeNumber), ...envelope });
    },
  },
  {
    method: 'GET',
    template: '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
    operationId: 'FetchIncomingPhoneNumber',
    handle: ({ params, account, engine }) => json(200, serializeNumber(engine.numbers.fetch(account, params.Sid!))),
  },
  {
    method: 'POST',
    template: '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
    operationId: 'UpdateIncomingPhoneNumber',
    async handle({ request, params, account, engine }) {
      const change = readChange(await readForm(request));
      return json(200, serializeNumber(engine.numbers.update(account, params.Sid!, change)));
    },
  },
];
