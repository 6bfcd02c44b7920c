// Messages over the wire: parameter parsing, the JSON resource, and the five operations Twilio serves.
import { badRequest } from '../../kernel/errors.js';
import type { CreateMessageInput } from './validation.js';
import type { MessageService } from './model.js';
import type { MessageFilter } from './store.js';
import { parseCallbackUrl } from '../../wire/callback-url.js';
import { parseDateBound } from '../../wire/date-filter.js';
import { all, one, readForm } from '../../wire/form.js';
import { paginateView, readPageRequest } from '../../wire/paging.js';
import type { RestRoute } from '../resource.js';
import { messageListPath, serializeMessage } from './serializer.js';
import { json, noContent } from '../../wire/types.js';

function parseValidity(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  // Digits only: Number() would also take '0x10', ' 5 ' and '1e3'.
  const value = /^[0-9]{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= 36_000)) {
    throw badRequest(21624, `Invalid validity period value: '${raw}'. It must be a whole number of seconds from 1 to 36000.`);
  }
  return value;
}

function parseInstant(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw badRequest(35114, `${name} '${raw}' is not a valid ISO-8601 date-time`);
  return ms;
}

function readFilter(query: URLSearchParams): { filter: MessageFilter; filters: URLSearchParams } {
  const filters = new URLSearchParams();
  for (const key of ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>']) {
    const value = query.get(key);
    if (value !== null) filters.set(key, value);
  }
  const exactDay = query.get('DateSent');
  const filter: MessageFilter = {
    to: query.get('To') ?? undefined,
    from: query.get('From') ?? undefined,
    sentFrom: parseDateBound(exactDay ?? query.get('DateSent>'), 'start'),
    sentBefore: parseDateBound(exactDay ?? query.get('DateSent<'), 'end'),
  };
  return { filter, filters };
}

export const messageRoutes = (messages: MessageService): RestRoute[] => [
  {
    method: 'POST',
    template: '/2010-04-01/Accounts/{AccountSid}/Messages.json',
    operationId: 'CreateMessage',
    async handle({ request, caller: account }) {
      const form = await readForm(request);
      const input: CreateMessageInput = {
        to: one(form, 'To'),
        from: one(form, 'From'),
        messagingServiceSid: one(form, 'MessagingServiceSid'),
        body: one(form, 'Body'),
        mediaUrls: all(form, 'MediaUrl'),
        statusCallback: parseCallbackUrl(one(form, 'StatusCallback'), 21609, 'StatusCallback'),
        validityPeriodS: parseValidity(one(form, 'ValidityPeriod')),
        sendAt: parseInstant(one(form, 'SendAt'), 'SendAt'),
        scheduleType: one(form, 'ScheduleType'),
      };
      return json(201, serializeMessage(messages.create(account, input)));
    },
  },
  {
    method: 'GET',
    template: '/2010-04-01/Accounts/{AccountSid}/Messages.json',
    operationId: 'ListMessage',
    handle({ request, caller: account }) {
      const { filter, filters } = readFilter(request.query);
      const { pageItems, envelope } = paginateView(
        messages.list(account, filter),
        (m) => m.sid,
        messageListPath(account.sid),
        filters,
        readPageRequest(request.query),
        (sid) => messages.box(account).order(sid),
      );
      return json(200, { messages: pageItems.map(serializeMessage), ...envelope });
    },
  },
  {
    method: 'GET',
    template: '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json',
    operationId: 'FetchMessage',
    handle: ({ params, caller: account }) => json(200, serializeMessage(messages.fetch(account, params.Sid!))),
  },
  {
    method: 'POST',
    template: '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json',
    operationId: 'UpdateMessage',
    async handle({ request, params, caller: account }) {
      const form = await readForm(request);
      const change = { body: one(form, 'Body'), status: one(form, 'Status') };
      return json(200, serializeMessage(messages.update(account, params.Sid!, change)));
    },
  },
  {
    method: 'DELETE',
    template: '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json',
    operationId: 'DeleteMessage',
    handle({ params, caller: account }) {
      messages.delete(account, params.Sid!);
      return noContent();
    },
  },
];
