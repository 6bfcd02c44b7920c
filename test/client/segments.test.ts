import { describe, expect, it } from 'vitest';
import { countSegments } from '../../src/index.js';

describe('countSegments', () => {
  it.each([
    ['empty', '', 1, 'GSM-7'],
    ['160 GSM-7 characters', 'a'.repeat(160), 1, 'GSM-7'],
    ['161 GSM-7 characters', 'a'.repeat(161), 2, 'GSM-7'],
    ['306 GSM-7 characters (2 × 153)', 'a'.repeat(306), 2, 'GSM-7'],
    ['307 GSM-7 characters', 'a'.repeat(307), 3, 'GSM-7'],
    ['80 extension characters (160 septets)', '€'.repeat(80), 1, 'GSM-7'],
    ['81 extension characters (162 septets)', '{'.repeat(81), 2, 'GSM-7'],
    ['basic accented letters', 'é'.repeat(160), 1, 'GSM-7'],
    ['70 UCS-2 characters', 'á'.repeat(70), 1, 'UCS-2'],
    ['71 UCS-2 characters', 'á'.repeat(71), 2, 'UCS-2'],
    ['134 UCS-2 characters (2 × 67)', 'á'.repeat(134), 2, 'UCS-2'],
    ['a curly quote in GSM text', `${'a'.repeat(69)}’`, 1, 'UCS-2'],
    ['35 emoji (70 code units)', '😀'.repeat(35), 1, 'UCS-2'],
  ])('%s → %i segment(s), %s', (_label, body, segments, encoding) => {
    expect(countSegments(body)).toEqual({ segments, encoding });
  });

  it('never splits an escape pair: 152 septets then € starts a new segment', () => {
    // Split at 153: 152 × 'a' + '€' (2 septets) would straddle the boundary, so the € moves on.
    const body = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(countSegments(body).segments).toBe(3);
    expect(countSegments(`${'a'.repeat(151)}€${'a'.repeat(153)}`).segments).toBe(2);
  });

  it('never splits a surrogate pair: 66 units then an emoji starts a new segment', () => {
    expect(countSegments(`${'á'.repeat(66)}😀${'á'.repeat(66)}`).segments).toBe(3);
    expect(countSegments(`${'á'.repeat(65)}😀${'á'.repeat(67)}`).segments).toBe(2);
  });

  it('counts both Ç (ETSI) and ç (Unicode mapping) at 0x09 as one GSM-7 septet', () => {
    expect(countSegments('Ç'.repeat(160))).toEqual({ segments: 1, encoding: 'GSM-7' });
    expect(countSegments('ç'.repeat(160))).toEqual({ segments: 1, encoding: 'GSM-7' });
  });
});
