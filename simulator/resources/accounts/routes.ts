// The Accounts resource over the wire: create/list subaccounts, fetch/update an account.
import { one, readForm } from '../../wire/form.js';
import { paginate, readPageRequest } from '../../wire/paging.js';
import { json } from '../../wire/types.js';
import type { RestRoute } from '../resource.js';
import type { AccountService } from './model.js';
import { serializeAccount } from './serializer.js';

export const accountRoutes = (accounts: AccountService): RestRoute[] => [
  {
    method: 'POST',
    template: '/2010-04-01/Accounts.json',
    operationId: 'CreateAccount',
    async handle({ request, caller }) {
      const form = await readForm(request);
      return json(201, serializeAccount(accounts.create(caller, one(form, 'FriendlyName'))));
    },
  },
  {
    method: 'GET',
    template: '/2010-04-01/Accounts.json',
    operationId: 'ListAccount',
    handle({ request, caller }) {
      const q = request.query;
      const filters = new URLSearchParams();
      for (const key of ['FriendlyName', 'Status']) if (q.get(key) !== null) filters.set(key, q.get(key)!);
      const items = accounts.list(caller, { friendlyName: q.get('FriendlyName') ?? undefined, status: q.get('Status') ?? undefined });
      const { pageItems, envelope } = paginate(items, (a) => a.sid, '/2010-04-01/Accounts.json', filters, readPageRequest(q));
      return json(200, { accounts: pageItems.map(serializeAccount), ...envelope });
    },
  },
  {
    method: 'GET',
    template: '/2010-04-01/Accounts/{Sid}.json',
    operationId: 'FetchAccount',
    handle: ({ params, caller }) => json(200, serializeAccount(accounts.fetch(caller, params.Sid!))),
  },
  {
    method: 'POST',
    template: '/2010-04-01/Accounts/{Sid}.json',
    operationId: 'UpdateAccount',
    async handle({ request, params, caller }) {
      const form = await readForm(request);
      return json(
        200,
        serializeAccount(accounts.update(caller, params.Sid!, { friendlyName: one(form, 'FriendlyName'), status: one(form, 'Status') })),
      );
    },
  },
];
