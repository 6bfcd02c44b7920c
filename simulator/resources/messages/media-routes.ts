// A message's Media subresource: list, fetch and delete, as advertised in the message's subresource_uris.
import type { RestRoute } from '../resource.js';
import { findMedia } from './media.js';
import type { MessageService } from './model.js';
import { mediaListPath, serializeMedia } from './serializer.js';
import { paginate, readPageRequest } from '../../wire/paging.js';
import { json, noContent } from '../../wire/types.js';

export const mediaRoutes = (messages: MessageService): RestRoute[] => [
  {
    method: 'GET',
    template: '/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json',
    operationId: 'ListMedia',
    handle({ request, params, caller: account }) {
      const message = messages.fetch(account, params.MessageSid!);
      const newestFirst = [...message.media].reverse();
      const { pageItems, envelope } = paginate(
        newestFirst,
        (m) => m.sid,
        mediaListPath(message),
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
    handle({ params, caller: account }) {
      const message = messages.fetch(account, params.MessageSid!);
      return json(200, serializeMedia(message, findMedia(message, params.Sid!)));
    },
  },
  {
    method: 'DELETE',
    template: '/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json',
    operationId: 'DeleteMedia',
    handle({ params, caller: account }) {
      messages.deleteMedia(account, params.MessageSid!, params.Sid!);
      return noContent();
    },
  },
];
