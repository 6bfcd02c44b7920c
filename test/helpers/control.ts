// The control API over HTTP, as one account: a path such as `/__sim/clock`, JSON in, status and JSON out.
export interface Credentials {
  sid: string;
  authToken: string;
}

export async function controlAt(
  baseUrl: string,
  account: Credentials,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${account.sid}:${account.authToken}`).toString('base64')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // A 204 has no body.
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
