// A message's Media subresource: list, fetch and delete, as advertised in the message's subresource_uris.
import type { MediaItem, Message } from '../engine/types.js';
import { findMedia } from '../engine/media.js';
import { rfc2822 } from './format.js';
import { paginate, readPageRequest } from './paging.js';
import type { Route } from './router.js';
import { json, noContent } from './types.js';

const listPath = (m: Message) => `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}/Media.json`;

export function serializeMedia(message: Message, item: MediaItem) {
  return {
    account_sid: message.accountSid,
    content_type: item.contentType,
    date_created: rfc2822(item.dateCreated),
    date_updated: rfc2822(item.dateCreated),
    parent_sid: message.sid,
    sid: item.sid,
    uri: `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}/Media/${item.sid}.json`,
  };
}

export const mediaRoutes: Route[] = [
  {
    method: 'GET',
    template: '/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json',
    operationId: 'ListMedia',
    handle({ request, params, account, engine }) {
      const message = engine.messages.fetch(account, params.MessageSid!);
      const newestFirst = [...message.media].reverse();
      const { pageItems, envelope } = paginate(
        newestFirst,
        (m) => m.sid,
        listPath(message),
        new URLSearchParams(),
        readPageRequest(request.query),
      );
      return json(200, { media_list: pageItems.map((item) => serializeMedia(message, item)), ...envelope });
    },
  },
  {
    method: 'GET',
    template: '/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json',
    operationId: 'FetchMedia',
    handle({ params, account, engine }) {
      const message = engine.messages.fetch(account, params.MessageSid!);
      return json(200, serializeMedia(message, findMedia(message, params.Sid!)));
    },
  },
  {
    method: 'DELETE',
    template: '/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json',
    operationId: 'DeleteMedia',
    handle({ params, account, engine }) {
      engine.messages.deleteMedia(account, params.MessageSid!, params.Sid!);
      return noContent();
    },
  },
];
