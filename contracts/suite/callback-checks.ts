// Checks a webhook Twilio (or the simulator) sent against expectations/callbacks.json: signature (with twilio-node's
// own validator, an implementation independent of the simulator's), method, content type, and every parameter
// rule. Parameters the data doesn't know are returned separately as drift: Twilio adds parameters without notice.
import twilio from 'twilio';
import type { CallbackSpec, ParamRule } from '../expectations/load-expectations.js';
import type { CapturedWebhook } from '../targets/target.js';
import type { Diagnostic } from '../validate/diagnostics.js';

export interface CallbackCheck {
  diagnostics: Diagnostic[];
  unknownParams: string[];
  signature: 'valid' | 'invalid' | 'missing' | 'unchecked';
}

function allowed(rule: Record<string, string[]> | undefined, params: Record<string, string>): boolean {
  if (!rule) return true;
  return Object.entries(rule).every(([name, values]) => values.includes(params[name] ?? ''));
}

function checkParam(name: string, rule: ParamRule, params: Record<string, string>, where: string): Diagnostic[] {
  const value = params[name];
  const path = `${where}/${name}`;
  const present = value !== undefined;
  if (!present) {
    if (rule.presence === 'always') return [{ kind: 'callback', path, message: `missing parameter ${name}` }];
    if (rule.presence === 'when' && rule.when && allowed(rule.when, params)) {
      return [{ kind: 'callback', path, message: `missing parameter ${name} (required when ${JSON.stringify(rule.when)})` }];
    }
    return [];
  }
  const out: Diagnostic[] = [];
  if (rule.onlyWhen && !allowed(rule.onlyWhen, params)) {
    out.push({ kind: 'callback', path, message: `${name} only belongs when ${JSON.stringify(rule.onlyWhen)}`, actual: value });
  }
  if (rule.presence === 'when' && rule.when && !allowed(rule.when, params)) {
    out.push({ kind: 'callback', path, message: `${name} only belongs when ${JSON.stringify(rule.when)}`, actual: value });
  }
  if (rule.pattern && !new RegExp(rule.pattern).test(value))
    out.push({ kind: 'callback', path, message: `does not match ${rule.pattern}`, actual: value });
  if (rule.enum && !rule.enum.includes(value))
    out.push({ kind: 'callback', path, message: 'not an allowed value', expected: rule.enum, actual: value });
  if (rule.equals !== undefined && value !== rule.equals)
    out.push({ kind: 'callback', path, message: 'unexpected value', expected: rule.equals, actual: value });
  if (rule.sameAs && value !== params[rule.sameAs])
    out.push({ kind: 'callback', path, message: `should equal ${rule.sameAs}`, expected: params[rule.sameAs], actual: value });
  return out;
}

export function checkCallback(hook: CapturedWebhook, spec: CallbackSpec, signingToken: string | undefined, where: string): CallbackCheck {
  const diagnostics: Diagnostic[] = [];
  if (hook.method !== spec.method)
    diagnostics.push({ kind: 'callback', path: where, message: 'wrong HTTP method', expected: spec.method, actual: hook.method });
  const type = hook.headers['content-type'] ?? '';
  if (spec.method === 'POST' && !type.startsWith(spec.contentType)) {
    diagnostics.push({
      kind: 'callback',
      path: `${where}#content-type`,
      message: 'wrong content type',
      expected: spec.contentType,
      actual: type,
    });
  }
  let signature: CallbackCheck['signature'] = 'unchecked';
  const header = hook.headers['x-twilio-signature'];
  if (spec.signed) {
    if (!header) {
      signature = 'missing';
      diagnostics.push({ kind: 'callback', path: `${where}#X-Twilio-Signature`, message: 'unsigned webhook' });
    } else if (signingToken) {
      signature = twilio.validateRequest(signingToken, header, hook.url, hook.params) ? 'valid' : 'invalid';
      if (signature === 'invalid')
        diagnostics.push({
          kind: 'callback',
          path: `${where}#X-Twilio-Signature`,
          message: "twilio-node's validateRequest rejects the signature",
        });
    }
  }
  for (const [name, rule] of Object.entries(spec.params)) diagnostics.push(...checkParam(name, rule, hook.params, where));
  const unknownParams = Object.keys(hook.params).filter((k) => !(k in spec.params));
  return { diagnostics, unknownParams, signature };
}
