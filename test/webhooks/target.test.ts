import { describe, expect, it } from 'vitest';
import { resolveTarget, withQuery } from '../../simulator/webhooks/target.js';

describe('resolveTarget', () => {
  it('keeps the URL exactly as written, since that is the string receivers rebuild and validate', () => {
    expect(resolveTarget("http://Example.com:8080/a/b?q='x'&b=%2B")).toEqual({
      href: "http://Example.com:8080/a/b?q='x'&b=%2B",
      protocol: 'http:',
      hostname: 'example.com',
      port: 8080,
      hostHeader: 'Example.com:8080',
      path: "/a/b?q='x'&b=%2B",
      auth: null,
    });
  });

  it('fills in the path and default ports', () => {
    expect(resolveTarget('https://example.com')).toMatchObject({ path: '/', port: 443, hostHeader: 'example.com' });
    expect(resolveTarget('http://example.com?x=1')).toMatchObject({ path: '/?x=1', port: 80 });
  });

  it('connects to IPv6 literals without brackets and keeps them in the Host header', () => {
    expect(resolveTarget('http://[::1]:9000/hook')).toMatchObject({ hostname: '::1', port: 9000, hostHeader: '[::1]:9000' });
  });

  it('sends URL credentials as Basic auth and leaves them out of the Host header', () => {
    expect(resolveTarget('https://user:p%40ss@example.com/secure')).toMatchObject({
      auth: 'user:p@ss',
      hostHeader: 'example.com',
      path: '/secure',
    });
  });

  it('encodes characters that cannot go on the wire, for the request and the signed URL alike', () => {
    expect(resolveTarget('http://example.com/a b?c=d e')).toMatchObject({
      href: 'http://example.com/a%20b?c=d%20e',
      path: '/a%20b?c=d%20e',
    });
  });

  it('rejects what is not an absolute http(s) URL', () => {
    for (const url of ['ftp://example.com/x', 'mailto:a@b.c', '/relative', 'http://', 'example.com/x']) {
      expect(resolveTarget(url), url).toHaveProperty('error');
    }
  });
});

describe('withQuery', () => {
  it('appends form params to the query string', () => {
    expect(withQuery('http://h/x', { A: '1', B: 'two words' })).toBe('http://h/x?A=1&B=two+words');
    expect(withQuery('http://h/x?k=v', { A: '1' })).toBe('http://h/x?k=v&A=1');
    expect(withQuery('http://h/x?', { A: '1' })).toBe('http://h/x?A=1');
    expect(withQuery('http://h/x', {})).toBe('http://h/x');
  });
});
