// Lookups v2 for callers who want a number's line type or carrier. It knows nothing about the Do Not Call Register:
// Twilio's Lookups has no such field (use checkDncr).
import type { PhoneNumberInstance } from 'twilio/lib/rest/lookups/v2/phoneNumber.js';

/** Data packages Lookups v2 can add (`Fields`). */
export type LookupField =
  | 'validation'
  | 'line_type_intelligence'
  | 'caller_name'
  | 'sim_swap'
  | 'call_forwarding'
  | 'line_status'
  | 'identity_match'
  | 'reassigned_number'
  | 'sms_pumping_risk'
  | 'phone_number_quality_score'
  | 'pre_fill';

const FIELDS: ReadonlySet<string> = new Set<LookupField>([
  'validation',
  'line_type_intelligence',
  'caller_name',
  'sim_swap',
  'call_forwarding',
  'line_status',
  'identity_match',
  'reassigned_number',
  'sms_pumping_risk',
  'phone_number_quality_score',
  'pre_fill',
]);

/** A Lookups v2 answer. Packages that were not asked for are null, as Twilio returns them. */
export interface LookupResult {
  phoneNumber: string;
  valid: boolean;
  /** TOO_SHORT, TOO_LONG, INVALID_BUT_POSSIBLE, INVALID_COUNTRY_CODE, INVALID_LENGTH, NOT_A_NUMBER. */
  validationErrors: string[];
  countryCode: string | null;
  callingCountryCode: string | null;
  nationalFormat: string | null;
  lineTypeIntelligence: {
    type: string | null;
    carrierName: string | null;
    mobileCountryCode: string | null;
    mobileNetworkCode: string | null;
    errorCode: number | null;
  } | null;
  callerName: { callerName: string | null; callerType: string | null; errorCode: number | null } | null;
  /** Every other package as Twilio's SDK returned it (camelCase), null when not asked for. */
  packages: Record<string, unknown>;
}

/** The Fields parameter for `fields`, or a TypeError naming the unknown ones (checked before any request). */
export function lookupFieldsParam(fields: readonly LookupField[]): string | undefined {
  const unknown = fields.filter((f) => !FIELDS.has(f));
  if (unknown.length > 0) throw new TypeError(`unknown Lookups fields: ${unknown.join(', ')}`);
  return fields.length === 0 ? undefined : [...new Set(fields)].join(',');
}

const OTHER_PACKAGES = [
  'simSwap',
  'callForwarding',
  'lineStatus',
  'identityMatch',
  'reassignedNumber',
  'smsPumpingRisk',
  'phoneNumberQualityScore',
  'preFill',
] as const;

export function toLookupResult(
  p: Pick<
    PhoneNumberInstance,
    | 'phoneNumber'
    | 'valid'
    | 'validationErrors'
    | 'countryCode'
    | 'callingCountryCode'
    | 'nationalFormat'
    | 'lineTypeIntelligence'
    | 'callerName'
    | (typeof OTHER_PACKAGES)[number]
  >,
): LookupResult {
  const lti = p.lineTypeIntelligence;
  const cn = p.callerName;
  const packages: Record<string, unknown> = {};
  for (const key of OTHER_PACKAGES) packages[key] = p[key] ?? null;
  return {
    phoneNumber: p.phoneNumber,
    valid: Boolean(p.valid),
    validationErrors: [...(p.validationErrors ?? [])],
    countryCode: p.countryCode ?? null,
    callingCountryCode: p.callingCountryCode ?? null,
    nationalFormat: p.nationalFormat ?? null,
    lineTypeIntelligence: lti
      ? {
          type: lti.type ?? null,
          carrierName: lti.carrierName ?? null,
          mobileCountryCode: lti.mobileCountryCode ?? null,
          mobileNetworkCode: lti.mobileNetworkCode ?? null,
          errorCode: lti.errorCode ?? null,
        }
      : null,
    callerName: cn ? { callerName: cn.callerName ?? null, callerType: cn.callerType ?? null, errorCode: cn.errorCode ?? null } : null,
    packages,
  };
}
