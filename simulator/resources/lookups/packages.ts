// Lookups' data packages: which exist, what fields each carries (named as Twilio names them, because fixtures and
// the control API speak that language too), what the simulator answers by default, and where a package is not
// offered. Twilio reports a package that cannot answer inside the package (error_code), never as an HTTP error.
import { badRequest } from '../../kernel/errors.js';
import { defaultCarrier, defaultLineType } from './line-types.js';
import type { NumberFacts } from './numbering.js';

export const PACKAGES = [
  'caller_name',
  'sim_swap',
  'call_forwarding',
  'line_status',
  'line_type_intelligence',
  'identity_match',
  'reassigned_number',
  'sms_pumping_risk',
  'phone_number_quality_score',
  'pre_fill',
] as const;
export type PackageName = (typeof PACKAGES)[number];

/** A package's answer: field name → value (null when unknown). */
export type PackageData = Record<string, unknown>;
export type PackageOverrides = Partial<Record<PackageName, PackageData>>;

type Kind = 'string' | 'integer' | 'boolean' | 'swap';
const S = 'string';
const I = 'integer';
const B = 'boolean';

// Field lists and types from the official Lookups v2 description (reassigned_number's error_code is a string there).
const SHAPES: Record<PackageName, Record<string, Kind>> = {
  caller_name: { caller_name: S, caller_type: S, error_code: I },
  sim_swap: { last_sim_swap: 'swap', carrier_name: S, mobile_country_code: S, mobile_network_code: S, error_code: I },
  call_forwarding: { call_forwarding_enabled: B, error_code: I },
  line_status: { status: S, error_code: I },
  line_type_intelligence: { mobile_country_code: S, mobile_network_code: S, carrier_name: S, type: S, error_code: I },
  identity_match: {
    first_name_match: S,
    last_name_match: S,
    address_lines_match: S,
    city_match: S,
    state_match: S,
    postal_code_match: S,
    address_country_match: S,
    national_id_match: S,
    date_of_birth_match: S,
    summary_score: I,
    error_code: I,
    error_message: S,
  },
  reassigned_number: { last_verified_date: S, is_number_reassigned: S, error_code: S },
  sms_pumping_risk: {
    carrier_risk_category: S,
    number_blocked: B,
    number_blocked_date: S,
    number_blocked_last_3_months: B,
    sms_pumping_risk_score: I,
    error_code: I,
  },
  phone_number_quality_score: {
    carrier_risk_score: I,
    carrier_risk_category: S,
    disposable_phone_risk_score: I,
    disposable_phone_risk_category: S,
    quality_score: I,
    quality_category: S,
    velocity_risk_score: I,
    velocity_risk_category: S,
    error_code: I,
  },
  pre_fill: { first_name: S, last_name: S, address_line: S, country_code: S, state: S, postal_code: S, error_code: I },
};
const SWAP: Record<string, Kind> = { last_sim_swap_date: S, swapped_period: S, swapped_in_period: B };

/** Twilio's error for a package that has no provider in the number's country. */
export const UNSUPPORTED_COUNTRY = 60607;

/**
 * Countries a package answers for in the simulator; absent means everywhere. Caller name (CNAM), identity match,
 * reassigned numbers and pre-fill are US services at Twilio; give a number fixture data to answer anyway.
 */
const COVERAGE: Partial<Record<PackageName, ReadonlySet<string>>> = {
  caller_name: new Set(['US']),
  identity_match: new Set(['US']),
  reassigned_number: new Set(['US']),
  pre_fill: new Set(['US']),
};

const PACKAGE_SET: ReadonlySet<string> = new Set(PACKAGES);

/** `Fields` as Twilio takes it (comma-separated); `validation` is always done and adds no package. */
export function parseFields(fields: string | null): PackageName[] {
  if (fields === null || fields.trim() === '') return [];
  if (fields.length > 1000) throw badRequest(60200, 'Invalid parameter: Fields');
  const names = fields
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const unknown = names.filter((n) => n !== 'validation' && !PACKAGE_SET.has(n));
  if (unknown.length > 0)
    throw badRequest(60200, `Invalid parameter: Fields (unknown package ${unknown.map((u) => `'${u.slice(0, 40)}'`).join(', ')})`);
  return [...new Set(names.filter((n): n is PackageName => PACKAGE_SET.has(n)))];
}

function nulls(name: PackageName): PackageData {
  return Object.fromEntries(Object.keys(SHAPES[name]).map((k) => [k, null]));
}

/** What a package says about a valid number with no data of its own (`covered`: answer even outside coverage). */
export function defaultPackage(name: PackageName, facts: NumberFacts, covered = false): PackageData {
  const data = nulls(name);
  if (!covered && COVERAGE[name] && !COVERAGE[name].has(facts.countryCode ?? '')) {
    return { ...data, error_code: name === 'reassigned_number' ? String(UNSUPPORTED_COUNTRY) : UNSUPPORTED_COUNTRY };
  }
  const type = defaultLineType(facts);
  const carrier = defaultCarrier(facts, type);
  const network = {
    carrier_name: carrier.name,
    mobile_country_code: carrier.mobileCountryCode,
    mobile_network_code: carrier.mobileNetworkCode,
  };
  switch (name) {
    case 'line_type_intelligence':
      return { ...data, ...network, type };
    case 'sim_swap':
      return { ...data, ...network, last_sim_swap: { last_sim_swap_date: null, swapped_period: 'PT24H', swapped_in_period: false } };
    case 'call_forwarding':
      return { ...data, call_forwarding_enabled: false };
    case 'line_status':
      return { ...data, status: 'active' };
    case 'caller_name':
      return { ...data, caller_type: 'UNDETERMINED' };
    case 'identity_match':
      return {
        ...data,
        summary_score: 0,
        ...Object.fromEntries(
          Object.keys(data)
            .filter((k) => k.endsWith('_match'))
            .map((k) => [k, 'no_data_available']),
        ),
      };
    case 'reassigned_number':
      return { ...data, is_number_reassigned: 'no_data_available' };
    case 'sms_pumping_risk':
      return {
        ...data,
        carrier_risk_category: 'low',
        number_blocked: false,
        number_blocked_last_3_months: false,
        sms_pumping_risk_score: 0,
      };
    case 'phone_number_quality_score':
      return {
        ...data,
        ...Object.fromEntries(Object.keys(data).map((k) => [k, k.endsWith('_score') ? 0 : k.endsWith('_category') ? 'low' : null])),
      };
    default:
      return data;
  }
}

/** Fixture or control data laid over the default, field by field. */
export function withOverride(base: PackageData, override: PackageData | undefined): PackageData {
  if (!override) return base;
  const merged = { ...base, ...override };
  if (override.last_sim_swap && base.last_sim_swap)
    merged.last_sim_swap = { ...(base.last_sim_swap as object), ...(override.last_sim_swap as object) };
  return merged;
}

function checkFields(value: unknown, shape: Record<string, Kind>, where: string): PackageData {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(20001, `'${where}' must be an object`);
  for (const [key, v] of Object.entries(value)) {
    const kind = shape[key];
    if (!kind) throw badRequest(20001, `'${where}' has no field '${key}' (fields: ${Object.keys(shape).join(', ')})`);
    if (v === null) continue;
    if (kind === 'swap') checkFields(v, SWAP, `${where}.${key}`);
    else if (kind === 'integer' ? !Number.isInteger(v) : typeof v !== kind)
      throw badRequest(20001, `'${where}.${key}' must be ${kind} or null`);
    else if (typeof v === 'string' && v.length > 200) throw badRequest(20001, `'${where}.${key}' is longer than 200 characters`);
  }
  return value as PackageData;
}

/** Package data from fixtures or the control API: only known packages and fields, each of the spec's type. */
export function readOverrides(value: unknown): PackageOverrides {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(20001, 'Package data must be an object');
  const out: PackageOverrides = {};
  for (const [name, data] of Object.entries(value)) {
    if (!PACKAGE_SET.has(name)) throw badRequest(20001, `'${name}' is not a Lookups package (packages: ${PACKAGES.join(', ')})`);
    out[name as PackageName] = checkFields(data, SHAPES[name as PackageName], name);
  }
  return out;
}
