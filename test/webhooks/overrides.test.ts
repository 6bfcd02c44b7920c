import { describe, expect, it } from 'vitest';
import { defaultConnectionOverrides, parseConnectionOverrides } from '../../simulator/webhooks/index.js';

const DEFAULTS = {
  connectTimeoutMs: 5000,
  readTimeoutMs: 15000,
  totalTimeoutMs: 15000,
  retryCount: 1,
  retryOn: ['ct'],
  sni: true,
  edges: ['ashburn'],
};

describe('parseConnectionOverrides', () => {
  it("uses Twilio's defaults when the URL has no fragment", () => {
    expect(parseConnectionOverrides('https://example.com/hook?x=1')).toEqual({
      url: 'https://example.com/hook?x=1',
      overrides: DEFAULTS,
      warnings: [],
    });
    expect(defaultConnectionOverrides()).toEqual(DEFAULTS);
  });

  it('reads every documented key and strips the fragment', () => {
    const parsed = parseConnectionOverrides(
      'https://example.com/foo?query=123#ct=1000&rt=2000&tt=9000&rc=5&rp=4xx,rt&sni=n&e=dublin,sydney',
    );
    expect(parsed).toEqual({
      url: 'https://example.com/foo?query=123',
      overrides: {
        connectTimeoutMs: 1000,
        readTimeoutMs: 2000,
        totalTimeoutMs: 9000,
        retryCount: 5,
        retryOn: ['4xx', 'rt'],
        sni: false,
        edges: ['dublin', 'sydney'],
      },
      warnings: [],
    });
  });

  it('expands rp=all and accepts the range limits', () => {
    const parsed = parseConnectionOverrides('http://h/x#rp=all&ct=100&rt=15000&tt=100&rc=0');
    expect(parsed.overrides).toMatchObject({
      retryOn: ['4xx', '5xx', 'ct', 'rt'],
      connectTimeoutMs: 100,
      readTimeoutMs: 15000,
      totalTimeoutMs: 100,
      retryCount: 0,
    });
    expect(parsed.warnings).toEqual([]);
  });

  it('warns 11243 and keeps the default for each out-of-range or malformed value', () => {
    for (const fragment of ['ct=99', 'ct=10001', 'rt=15001', 'tt=50', 'rc=6', 'rc=-1', 'ct=abc', 'rc=1.5', 'ct=', 'sni=maybe']) {
      const parsed = parseConnectionOverrides(`http://h/x#${fragment}`);
      expect(parsed.warnings, fragment).toEqual([11243]);
      expect(parsed.overrides, fragment).toEqual(DEFAULTS);
    }
  });

  it('warns 11243 for an invalid retry policy and keeps rp=ct, while the valid keys still apply', () => {
    const parsed = parseConnectionOverrides('http://h/x#rp=ct,sometimes&rc=3');
    expect(parsed.warnings).toEqual([11243]);
    expect(parsed.overrides).toMatchObject({ retryOn: ['ct'], retryCount: 3 });
  });

  it('warns 11240 for an unknown edge location', () => {
    const parsed = parseConnectionOverrides('http://h/x#e=atlantis');
    expect(parsed.warnings).toEqual([11240]);
    expect(parsed.overrides.edges).toEqual(['ashburn']);
  });

  it('ignores keys Twilio does not define, so an ordinary anchor is harmless', () => {
    expect(parseConnectionOverrides('http://h/page#top')).toEqual({ url: 'http://h/page', overrides: DEFAULTS, warnings: [] });
    expect(parseConnectionOverrides('http://h/page#')).toEqual({ url: 'http://h/page', overrides: DEFAULTS, warnings: [] });
  });

  it('reports each warning code once', () => {
    expect(parseConnectionOverrides('http://h/x#ct=1&rt=2&rp=nope').warnings).toEqual([11243]);
  });
});
