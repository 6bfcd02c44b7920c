// Default line type and carrier for a valid number when no fixture or control data says otherwise. Australian
// numbers follow the numbering plan's ranges; carriers are invented (the simulator must not pretend to know who
// really holds a number) but shaped like real ones: MCC 505 is Australia's, the network codes are made up.
import type { NumberFacts } from './numbering.js';

/** Twilio's line_type_intelligence.type values. */
export type LineType =
  | 'mobile'
  | 'landline'
  | 'fixedVoip'
  | 'nonFixedVoip'
  | 'tollFree'
  | 'premium'
  | 'personal'
  | 'pager'
  | 'voicemail'
  | 'sharedCost'
  | 'uan'
  | 'unknown';

export interface Carrier {
  name: string;
  mobileCountryCode: string | null;
  mobileNetworkCode: string | null;
}

// Australian national significant numbers by range, most specific first.
const AU_RANGES: ReadonlyArray<{ prefix: RegExp; type: LineType }> = [
  { prefix: /^4/, type: 'mobile' },
  { prefix: /^[2378]/, type: 'landline' },
  { prefix: /^180/, type: 'tollFree' },
  { prefix: /^13/, type: 'sharedCost' }, // 13 xx xx and 1300: the caller pays a local-call rate
  { prefix: /^190/, type: 'premium' },
];

const BY_LIBPHONENUMBER: Record<string, LineType> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'landline',
  // libphonenumber cannot tell these apart in NANP; most numbers handed to Lookups in tests are phones people carry.
  FIXED_LINE_OR_MOBILE: 'mobile',
  TOLL_FREE: 'tollFree',
  PREMIUM_RATE: 'premium',
  SHARED_COST: 'sharedCost',
  VOIP: 'nonFixedVoip',
  PERSONAL_NUMBER: 'personal',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};

const AU_MOBILE_CARRIERS: readonly Carrier[] = [
  { name: 'Wattle Mobile', mobileCountryCode: '505', mobileNetworkCode: '71' },
  { name: 'Southern Cross Wireless', mobileCountryCode: '505', mobileNetworkCode: '72' },
  { name: 'Coral Coast Telecom', mobileCountryCode: '505', mobileNetworkCode: '73' },
];
const AU_FIXED_CARRIER: Carrier = { name: 'Wattle Telecom Fixed', mobileCountryCode: null, mobileNetworkCode: null };

export function defaultLineType(facts: NumberFacts): LineType {
  if (!facts.valid || !facts.phoneNumber) return 'unknown';
  if (facts.countryCode === 'AU') {
    const national = facts.phoneNumber.slice(3);
    const range = AU_RANGES.find((r) => r.prefix.test(national));
    if (range) return range.type;
  }
  return (facts.numberType && BY_LIBPHONENUMBER[facts.numberType]) ?? 'unknown';
}

/** The same number always gets the same carrier, so repeated lookups agree. */
export function defaultCarrier(facts: NumberFacts, type: LineType): Carrier {
  const digits = facts.phoneNumber?.replace(/\D/g, '') ?? '';
  const pick = [...digits].reduce((sum, d) => sum + Number(d), 0);
  if (facts.countryCode === 'AU') return type === 'mobile' ? AU_MOBILE_CARRIERS[pick % AU_MOBILE_CARRIERS.length]! : AU_FIXED_CARRIER;
  return {
    name: `Simulated ${facts.countryCode ?? 'Intl'} ${type === 'mobile' ? 'Mobile' : 'Telecom'}`,
    mobileCountryCode: null,
    mobileNetworkCode: null,
  };
}
