import { describe, expect, it } from 'vitest';
import { InvalidPhoneNumberError, classifyAuNumber, isFictitiousAuNumber, nationalFormat, toE164 } from '../../src/index.js';

describe('toE164', () => {
  it.each([
    ['0412 345 678', '+61412345678'],
    ['+61 412 345 678', '+61412345678'],
    ['61412345678', '+61412345678'],
    ['0011 61 412 345 678', '+61412345678'],
    ['(02) 9876 5432', '+61298765432'],
    ['+61 2 9876 5432', '+61298765432'],
    ['13 12 34', '+61131234'],
    ['1300 123 456', '+611300123456'],
    ['1800 123 456', '+611800123456'],
    ['+1 415 555 2671', '+14155552671'],
    ['+15005550006', '+15005550006'],
  ])('reads %j as %s', (input, e164) => {
    expect(toE164(input)).toBe(e164);
  });

  it("accepts ACMA's fictitious ranges that our fixtures use", () => {
    expect(toE164('0491 570 156')).toBe('+61491570156');
    expect(toE164('(02) 5550 1234')).toBe('+61255501234');
    expect(isFictitiousAuNumber('+61491570156')).toBe(true);
    expect(isFictitiousAuNumber('+61255501234')).toBe(true);
    expect(isFictitiousAuNumber('+61412345678')).toBe(false);
  });

  it('reads national numbers in another default country', () => {
    expect(toE164('(415) 555-2671', 'US')).toBe('+14155552671');
  });

  it.each([
    ['garbage', 'NOT_A_NUMBER'],
    ['', 'NOT_A_NUMBER'],
    ['123', 'TOO_SHORT'],
    ['+61 4', 'TOO_SHORT'],
    ['+999 123 456', 'INVALID_COUNTRY_CODE'],
    ['04123456789', 'INVALID_BUT_POSSIBLE'],
  ])('rejects %j with a typed error (%s)', (input, reason) => {
    let caught: unknown;
    try {
      toE164(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidPhoneNumberError);
    expect(caught).toMatchObject({ input, reason });
  });
});

describe('classifyAuNumber', () => {
  it.each([
    ['+61412345678', 'mobile'],
    ['+61491570156', 'mobile'],
    ['+61298765432', 'landline'],
    ['+61255501234', 'landline'],
    ['+61370101234', 'landline'],
    ['+61131234', 'tollFree'],
    ['+611300123456', 'tollFree'],
    ['+611800123456', 'tollFree'],
    ['+611900123456', 'other'],
    ['+14155552671', 'other'],
    ['+64211234567', 'other'],
  ])('%s is %s', (e164, type) => {
    expect(classifyAuNumber(e164)).toBe(type);
  });

  it('throws the typed error for garbage', () => {
    expect(() => classifyAuNumber('not a phone')).toThrow(InvalidPhoneNumberError);
  });
});

describe('nationalFormat', () => {
  it.each([
    ['+61412345678', '0412 345 678'],
    ['+61491570156', '0491 570 156'],
    ['+61298765432', '(02) 9876 5432'],
    ['+61255501234', '(02) 5550 1234'],
    ['+611300123456', '1300 123 456'],
    ['+611800123456', '1800 123 456'],
    ['+61131234', '13 12 34'],
  ])('%s → %s', (e164, national) => {
    expect(nationalFormat(e164)).toBe(national);
  });
});
