// HTTP Basic credentials as Twilio reads them (AccountSid:AuthToken or ApiKeySid:secret). Which account they
// belong to is the application's question; this only takes the header apart.
export interface BasicCredentials {
  username: string;
  password: string;
}

export function basicCredentials(authorization: string | undefined): BasicCredentials | undefined {
  if (!authorization?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
