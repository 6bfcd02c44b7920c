// Applies expectations/request-rules.json: the conditional requirements (From or MessagingServiceSid; Body,
// MediaUrl or ContentSid; length and range limits) the OpenAPI description cannot express.
import type { Expectations } from '../expectations/load-expectations.js';
import type { Diagnostic } from '../validate/diagnostics.js';

export interface RuleViolation extends Diagnostic {
  code?: number;
}

const present = (form: Record<string, unknown>, name: string) => form[name] !== undefined && form[name] !== '';

export function checkRequestRules(
  rules: Expectations['requestRules'],
  operationId: string,
  form: Record<string, string | string[]>,
): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const rule of rules[operationId] ?? []) {
    const [first] = rule.params;
    if (rule.rule === 'required' || rule.rule === 'oneOf') {
      if (!rule.params.some((p) => present(form, p))) {
        out.push({
          kind: 'request',
          path: `/form/${rule.params.join('|')}`,
          message: `request needs ${rule.params.join(' or ')}`,
          code: rule.code,
        });
      }
    } else if (
      rule.rule === 'maxLength' &&
      first &&
      typeof form[first] === 'string' &&
      (form[first] as string).length > (rule.max ?? Infinity)
    ) {
      out.push({ kind: 'request', path: `/form/${first}`, message: `${first} is longer than ${rule.max}`, code: rule.code });
    } else if (rule.rule === 'range' && first && present(form, first)) {
      const n = Number(form[first]);
      if (!(n >= (rule.min ?? -Infinity) && n <= (rule.max ?? Infinity)))
        out.push({ kind: 'request', path: `/form/${first}`, message: `${first} outside ${rule.min}..${rule.max}`, code: rule.code });
    }
  }
  return out;
}
