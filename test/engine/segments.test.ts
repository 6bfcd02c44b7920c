import { describe, expect, it } from 'vitest';
import { countSegments, isGsm7 } from '../../simulator/resources/messages/segments.js';

const GRINNING = '\u{1F600}'; // outside the BMP: a surrogate pair, 2 UTF-16 code units

describe('countSegments: GSM-7', () => {
  it('fits 160 basic characters in one segment and splits the 161st into two parts of up to 153', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2, units: 161 });
  });

  it('fills exactly two parts with 306 septets and needs a third at 307', () => {
    expect(countSegments('a'.repeat(153 * 2))).toEqual({ encoding: 'GSM-7', segments: 2, units: 306 });
    expect(countSegments('a'.repeat(307))).toEqual({ encoding: 'GSM-7', segments: 3, units: 307 });
  });

  it('counts an empty body as zero segments', () => {
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', segments: 0, units: 0 });
  });

  it('counts € and the other extension characters as two septets each', () => {
    expect(countSegments('€')).toEqual({ encoding: 'GSM-7', segments: 1, units: 2 });
    expect(countSegments('^{}\\[~]|€\f').units).toBe(20);
    // 80 euro signs are 160 septets: still one segment; one more basic character tips it over.
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSegments('€'.repeat(80) + 'a')).toEqual({ encoding: 'GSM-7', segments: 2, units: 161 });
  });

  it('moves an escape pair that would straddle the end of part 1 into part 2', () => {
    // 152 basic septets leave one septet in part 1; '[' needs two, so it starts part 2.
    const body = 'a'.repeat(152) + '[' + 'b'.repeat(152);
    // 306 septets would fit two 153-septet parts if the pair could be split; it cannot, so three parts.
    expect(countSegments(body)).toEqual({ encoding: 'GSM-7', segments: 3, units: 306 });
    // The same total without the straddle fits in two parts.
    expect(countSegments('[' + 'a'.repeat(304)).segments).toBe(2);
  });

  it('treats é, è, ù, ì, ò, à as GSM-7 but á, í, ó, ú, ê as UCS-2', () => {
    expect(countSegments('éèùìòà').encoding).toBe('GSM-7');
    for (const char of ['á', 'í', 'ó', 'ú', 'ê']) expect(countSegments(`caf${char}`).encoding).toBe('UCS-2');
  });

  it('counts both Ç (ETSI table) and ç (Unicode mapping of 0x09) as one GSM-7 septet', () => {
    expect(countSegments('Ç')).toEqual({ encoding: 'GSM-7', segments: 1, units: 1 });
    expect(countSegments('ç')).toEqual({ encoding: 'GSM-7', segments: 1, units: 1 });
  });

  it('keeps line feed, carriage return and the Greek capitals in the basic table', () => {
    expect(countSegments('Hi\r\nΔΦΓΛΩΠΨΣΘΞ @£$¥ ¡¿§ÄÖÑÜäöñü')).toMatchObject({ encoding: 'GSM-7', units: 31 });
  });
});

describe('countSegments: UCS-2', () => {
  it('switches the whole body to UCS-2 for curly quotes (no Smart Encoding)', () => {
    expect(countSegments('It’s here')).toEqual({ encoding: 'UCS-2', segments: 1, units: 9 });
    expect(countSegments('“quoted”').encoding).toBe('UCS-2');
    // A GSM extension character in a UCS-2 body is one code unit, not two septets.
    expect(countSegments('’€').units).toBe(2);
  });

  it('fits 70 code units in one segment and splits at 71 into parts of up to 67', () => {
    expect(countSegments('á'.repeat(70))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(countSegments('á'.repeat(71))).toEqual({ encoding: 'UCS-2', segments: 2, units: 71 });
    expect(countSegments('á'.repeat(67 * 2))).toEqual({ encoding: 'UCS-2', segments: 2, units: 134 });
    expect(countSegments('á'.repeat(67 * 2 + 1))).toEqual({ encoding: 'UCS-2', segments: 3, units: 135 });
  });

  it('counts an emoji as two code units', () => {
    expect(countSegments(GRINNING)).toEqual({ encoding: 'UCS-2', segments: 1, units: 2 });
    expect(countSegments(GRINNING.repeat(35))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(countSegments(GRINNING.repeat(35) + 'a').segments).toBe(2);
  });

  it('moves an emoji that would straddle the end of part 1 into part 2', () => {
    // 66 units leave one unit in part 1; the emoji needs two, so it opens part 2.
    const body = 'á'.repeat(66) + GRINNING + 'á'.repeat(66);
    // 134 units would fill exactly two 67-unit parts if the pair could be split; it cannot.
    expect(countSegments(body)).toEqual({ encoding: 'UCS-2', segments: 3, units: 134 });
    expect(countSegments(GRINNING + 'á'.repeat(132)).segments).toBe(2);
  });
});

describe('isGsm7', () => {
  it('accepts basic and extension characters and rejects anything else', () => {
    expect(isGsm7('Hello {world} €5 ~ ok')).toBe(true);
    expect(isGsm7('')).toBe(true);
    expect(isGsm7('tab\there')).toBe(false);
    expect(isGsm7(`hi ${GRINNING}`)).toBe(false);
    expect(isGsm7('`backtick`')).toBe(false);
  });
});
