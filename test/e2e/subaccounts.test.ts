// Issue 10 §3: one simulator, many suites. A suite makes its own subaccount with the official SDK, gives it a
// number, and works in it without seeing or disturbing anyone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningSimulator, startSimulator } from '../../simulator/index.js';
import { sdkAt } from '../helpers/sdk.js';

describe('subaccounts through the official SDK', () => {
  let sim: ListeningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, clock: 'virtual' });
  });
  afterAll(() => sim.stop());

  const parent = () => sim.accounts[0]!;
  const parentSdk = () => sdkAt(sim.url, parent().sid, parent().authToken);

  it('fetches your own account: the usual credentials check', async () => {
    const me = await parentSdk().api.v2010.accounts(parent().sid).fetch();
    expect(me).toMatchObject({ sid: parent().sid, status: 'active', ownerAccountSid: parent().sid, type: 'Full' });
  });

  it('a subaccount gets its own credentials and numbers, and its messages stay its own', async () => {
    const sub = await parentSdk().api.v2010.accounts.create({ friendlyName: 'suite A' });
    expect(sub).toMatchObject({ friendlyName: 'suite A', ownerAccountSid: parent().sid, status: 'active' });
    expect(sub.authToken).toMatch(/^[0-9a-f]{32}$/);

    const subSdk = sdkAt(sim.url, sub.sid, sub.authToken);
    const number = await subSdk.incomingPhoneNumbers.create({ phoneNumber: '+61491570190' });
    expect(number.accountSid).toBe(sub.sid);
    const sent = await subSdk.messages.create({ from: '+61491570190', to: '+61491570101', body: 'from suite A' });
    expect(sent.accountSid).toBe(sub.sid);

    // The parent reaches its subaccount's resources; the subaccount never reaches the parent's.
    expect((await parentSdk().api.v2010.accounts(sub.sid).messages.list()).map((m) => m.sid)).toEqual([sent.sid]);
    expect((await parentSdk().messages.list()).map((m) => m.sid)).not.toContain(sent.sid);
    await expect(subSdk.api.v2010.accounts(parent().sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    await expect(subSdk.api.v2010.accounts(parent().sid).messages.list()).rejects.toMatchObject({ status: 404 });
    // A subaccount cannot make subaccounts.
    await expect(subSdk.api.v2010.accounts.create({ friendlyName: 'nested' })).rejects.toMatchObject({ status: 400, code: 21101 });
  });

  it('suspending shuts a subaccount out; closing is permanent', async () => {
    const sub = await parentSdk().api.v2010.accounts.create({ friendlyName: 'suite B' });
    const subSdk = sdkAt(sim.url, sub.sid, sub.authToken);
    await parentSdk().api.v2010.accounts(sub.sid).update({ status: 'suspended' });
    await expect(subSdk.messages.list()).rejects.toMatchObject({ status: 401, code: 20003 });
    await parentSdk().api.v2010.accounts(sub.sid).update({ status: 'active' });
    expect(await subSdk.messages.list()).toEqual([]);
    await parentSdk().api.v2010.accounts(sub.sid).update({ status: 'closed' });
    await expect(parentSdk().api.v2010.accounts(sub.sid).update({ status: 'active' })).rejects.toMatchObject({ code: 21479 });
    const listed = await parentSdk().api.v2010.accounts.list({ status: 'closed' });
    expect(listed.map((a) => a.sid)).toEqual([sub.sid]);
  });

  it('resetting the parent removes its subaccounts, and nobody else’s', async () => {
    const other = sim.accounts[1]!;
    const otherSdk = sdkAt(sim.url, other.sid, other.authToken);
    const theirs = await otherSdk.api.v2010.accounts.create({ friendlyName: 'other suite' });
    await parentSdk().api.v2010.accounts.create({ friendlyName: 'to be reset' });
    sim.control.reset();
    expect((await parentSdk().api.v2010.accounts.list()).map((a) => a.sid)).toEqual([parent().sid]);
    expect((await otherSdk.api.v2010.accounts.list()).map((a) => a.sid)).toContain(theirs.sid);
  });
});
