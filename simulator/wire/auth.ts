// HTTP Basic auth as Twilio does it: AccountSid:AuthToken or ApiKeySid:secret.
import type { Store, AccountState } from '../engine/store.js';

export function authenticate(store: Store, authorization: string | undefined): AccountState | undefined {
  if (!authorization?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return store.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
}
