// How socket-level failures map to Twilio's debugger codes. Network conditions that cannot be produced on
// 127.0.0.1 without touching other hosts (DNS failures, unroutable addresses, bad certificates) are checked here
// on the mapping itself.

import { describe, expect, it } from 'vitest';
import { httpStatusFailure, networkFailure, timeoutFailure } from '../../simulator/webhooks/errors.js';

function errno(code: string, message = code): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('networkFailure', () => {
  it('maps DNS failures to 11210 and does not retry them', () => {
    expect(networkFailure(errno('ENOTFOUND', 'getaddrinfo ENOTFOUND nowhere.invalid'), false)).toMatchObject({
      errorCode: 11210,
      retryAs: null,
    });
    expect(networkFailure(errno('EAI_AGAIN'), false).errorCode).toBe(11210);
  });

  it('maps refused and unreachable connections to 11205, retried under ct', () => {
    const refused = networkFailure(errno('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), false);
    expect(refused).toMatchObject({ errorCode: 11205, retryAs: 'ct' });
    expect(refused.errorMessage).toContain('11202 TCP connection refused');
    expect(networkFailure(errno('EHOSTUNREACH'), false)).toMatchObject({ errorCode: 11205, retryAs: 'ct' });
    expect(networkFailure(errno('ECONNRESET'), false)).toMatchObject({ errorCode: 11205, retryAs: 'ct' });
  });

  it('maps a reset after the connection was up to 11200 without retry (a partial response)', () => {
    expect(networkFailure(errno('ECONNRESET', 'socket hang up'), true)).toMatchObject({ errorCode: 11200, retryAs: null });
    expect(networkFailure(errno('HPE_INVALID_CONSTANT'), true)).toMatchObject({ errorCode: 11200, retryAs: null });
  });

  it('maps certificate and handshake problems to their own codes, retried under ct', () => {
    expect(networkFailure(errno('DEPTH_ZERO_SELF_SIGNED_CERT'), true)).toMatchObject({ errorCode: 11237, retryAs: 'ct' });
    expect(networkFailure(errno('CERT_HAS_EXPIRED'), true)).toMatchObject({ errorCode: 11236, retryAs: 'ct' });
    expect(networkFailure(errno('ERR_TLS_CERT_ALTNAME_INVALID'), true)).toMatchObject({ errorCode: 11235 });
    expect(networkFailure(errno('ERR_SSL_WRONG_VERSION_NUMBER'), true)).toMatchObject({ errorCode: 11220 });
  });
});

describe('timeoutFailure', () => {
  it('tells a connect timeout (11205, ct) from a read timeout (11200, rt) and a spent total budget', () => {
    expect(timeoutFailure('connect', 5000, false)).toMatchObject({ errorCode: 11205, retryAs: 'ct' });
    expect(timeoutFailure('connect', 5000, false).errorMessage).toContain('11201');
    expect(timeoutFailure('read', 15000, false)).toMatchObject({ errorCode: 11200, retryAs: 'rt' });
    const total = timeoutFailure('read', 15000, true);
    expect(total).toMatchObject({ errorCode: 11200, retryAs: null });
    expect(total.errorMessage).toContain('11203');
  });
});

describe('httpStatusFailure', () => {
  it('files 4xx and 5xx answers under 11200 with their retry condition', () => {
    expect(httpStatusFailure(404, 'Not Found')).toMatchObject({ errorCode: 11200, retryAs: '4xx' });
    expect(httpStatusFailure(503, 'Service Unavailable')).toMatchObject({ errorCode: 11200, retryAs: '5xx' });
    expect(httpStatusFailure(302, 'Found')).toMatchObject({ errorCode: 11200, retryAs: null });
  });
});
