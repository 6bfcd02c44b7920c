// /__sim/dncr: the simulated register's entries and the account's washing-service login, credits and faults. The
// register's fixture entries are national (every account sees them); what an account adds or removes is its own.
import { integer, readJson, text } from '../../control/json-body.js';
import { badRequest, notFound, TwilioError } from '../../kernel/errors.js';
import { json, noContent, type WireRequest } from '../../wire/types.js';
import type { AccountState } from '../../kernel/accounts.js';
import type { ControlRoute } from '../resource.js';
import type { FaultKind } from './faults.js';
import type { Operation } from './protocol.js';
import { australianNumber } from './numbers.js';
import type { DncrRegister, ListingStatus } from './register.js';
import { type SubscriptionStatus, type WashingService, WashServiceNotConfigured } from './washing.js';

const MAX_IMPORT_BYTES = 4 * 1024 * 1024;
const STATUSES: readonly ListingStatus[] = ['registered', 'invalid'];
const SUBSCRIPTIONS: readonly SubscriptionStatus[] = ['active', 'suspended', 'expired'];

/** A bulk import: CSV (the number in the first column; a header line without digits is skipped) or JSON. */
function importedNumbers(request: WireRequest): string[] {
  if (request.body.byteLength > MAX_IMPORT_BYTES) throw badRequest(20001, `An import is at most ${MAX_IMPORT_BYTES} bytes`);
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  const raw = Buffer.from(request.body).toString('utf8');
  if (type.includes('json')) {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw badRequest(20001, 'The import is not valid JSON');
    }
    const list = Array.isArray(value) ? value : (value as { numbers?: unknown } | null)?.numbers;
    if (!Array.isArray(list) || list.some((n) => typeof n !== 'string'))
      throw badRequest(20001, 'A JSON import is a list of numbers, or {"numbers": [...]}');
    return list as string[];
  }
  if (type.includes('csv') || type.startsWith('text/plain')) {
    return raw
      .split(/\r?\n/)
      .map((line) => line.split(',')[0]!.replace(/^\s*"?|"?\s*$/g, ''))
      .filter((first, i) => first !== '' && !(i === 0 && !/\d/.test(first)));
  }
  throw badRequest(19056, 'Import text/csv (one number per line) or application/json');
}

function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof WashServiceNotConfigured) throw notFound(error.message);
    throw error;
  }
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], key: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw badRequest(20001, `'${key}' must be one of ${allowed.join(', ')}`);
  return value as T;
}

export const dncrControlRoutes = (register: DncrRegister, washing: WashingService): ControlRoute[] => {
  const entryOf = (account: AccountState, number: string) => {
    const e164 = australianNumber(number);
    const entry = e164 && register.list(account).find((e) => e.number === e164);
    if (!entry) throw new TwilioError(20404, 404, `${number.slice(0, 32)} is not on the register`);
    return entry;
  };
  return [
    {
      method: 'GET',
      template: '/__sim/dncr',
      operationId: 'control: the DNCR register',
      handle({ caller }) {
        const entries = register.list(caller);
        return json(200, { count: entries.length, entries });
      },
    },
    {
      method: 'POST',
      template: '/__sim/dncr/import',
      operationId: 'control: bulk import to the DNCR register',
      handle({ request, caller }) {
        const numbers = importedNumbers(request);
        if (numbers.length === 0) throw badRequest(20001, 'The import holds no numbers');
        const added = register.add(caller, numbers);
        return json(200, { imported: added.length, total: register.list(caller).length });
      },
    },
    {
      method: 'GET',
      template: '/__sim/dncr/washer',
      operationId: 'control: the DNCR washing-service login',
      handle: ({ caller }) => {
        const washer = washing.washer(caller);
        if (!washer) throw notFound(`Account ${caller.sid} has no DNCR washing-service login (fixtures/dncr/washers.json)`);
        return json(200, washer);
      },
    },
    {
      method: 'POST',
      template: '/__sim/dncr/washer',
      operationId: 'control: credits, subscription and result delay',
      handle({ request, caller }) {
        const body = readJson(request);
        const credits = integer(body, 'credits');
        if (credits !== undefined && (credits < 0 || credits > 1e9)) throw badRequest(20001, "'credits' must be 0 to 1e9");
        const resultDelayMs = integer(body, 'resultDelayMs');
        if (resultDelayMs !== undefined && (resultDelayMs < 0 || resultDelayMs > 864e5))
          throw badRequest(20001, "'resultDelayMs' must be 0 to 86400000");
        const status = oneOf(body.status, SUBSCRIPTIONS, 'status');
        guarded(() => washing.configure(caller, { credits, resultDelayMs, status }));
        return json(200, washing.washer(caller));
      },
    },
    {
      method: 'POST',
      template: '/__sim/dncr/faults',
      operationId: 'control: make the washing service fail',
      handle({ request, caller }) {
        const body = readJson(request);
        const fault = guarded(() =>
          washing.addFault(caller, {
            kind: text(body, 'kind') as FaultKind,
            operation: text(body, 'operation', true) as Operation | undefined,
            returnCode: integer(body, 'returnCode'),
            delayMs: integer(body, 'delayMs'),
            times: integer(body, 'times'),
          }),
        );
        return json(201, fault);
      },
    },
    {
      method: 'DELETE',
      template: '/__sim/dncr/faults',
      operationId: 'control: the washing service works again',
      handle({ caller }) {
        guarded(() => washing.clearFaults(caller));
        return noContent();
      },
    },
    {
      method: 'GET',
      template: '/__sim/dncr/{Number}',
      operationId: 'control: one DNCR register entry',
      handle: ({ params, caller }) => json(200, entryOf(caller, params.Number!)),
    },
    {
      method: 'PUT',
      template: '/__sim/dncr/{Number}',
      operationId: 'control: put a number on the DNCR register',
      handle({ request, params, caller }) {
        const body = readJson(request);
        const status = oneOf(body.status, STATUSES, 'status');
        const registeredOn = text(body, 'registeredOn', true);
        if (registeredOn !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(registeredOn))
          throw badRequest(20001, "'registeredOn' is YYYY-MM-DD");
        register.add(caller, [params.Number!], { status, registeredOn });
        return json(200, entryOf(caller, params.Number!));
      },
    },
    {
      method: 'DELETE',
      template: '/__sim/dncr/{Number}',
      operationId: 'control: take a number off the DNCR register',
      handle({ params, caller }) {
        register.remove(caller, params.Number!);
        return noContent();
      },
    },
  ];
};
