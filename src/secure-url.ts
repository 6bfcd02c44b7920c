// Credentials travel in every request to Twilio or the register: plain http only where they never leave this machine.
export function isSecureOrLoopback(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:') return true;
  const host = parsed.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
