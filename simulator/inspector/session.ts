// Signed-in accounts for this tab only: sessionStorage (gone when the tab closes, never sent anywhere, never in a
// URL). Several accounts may be signed in; one is current.
import type { Credentials } from './api.js';

const ACCOUNTS = 'twilio-sim.accounts';
const CURRENT = 'twilio-sim.current';

export function signedInAccounts(): Credentials[] {
  try {
    const list = JSON.parse(sessionStorage.getItem(ACCOUNTS) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((a): a is Credentials => typeof a?.sid === 'string' && typeof a?.token === 'string') : [];
  } catch {
    return [];
  }
}

export function currentAccount(): Credentials | undefined {
  const accounts = signedInAccounts();
  const sid = sessionStorage.getItem(CURRENT);
  return accounts.find((a) => a.sid === sid) ?? accounts[0];
}

export function remember(account: Credentials): void {
  const others = signedInAccounts().filter((a) => a.sid !== account.sid);
  sessionStorage.setItem(ACCOUNTS, JSON.stringify([...others, account]));
  sessionStorage.setItem(CURRENT, account.sid);
}

export function switchTo(sid: string): void {
  sessionStorage.setItem(CURRENT, sid);
}

export function forget(sid: string): void {
  sessionStorage.setItem(ACCOUNTS, JSON.stringify(signedInAccounts().filter((a) => a.sid !== sid)));
  sessionStorage.removeItem(CURRENT);
}
