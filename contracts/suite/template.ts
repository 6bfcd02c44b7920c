// {{name}} substitution in case data. A value that is exactly "{{name}}" keeps its type; a missing name is
// reported (the case is then skipped on that target) rather than silently becoming "".

export class MissingVariable extends Error {
  constructor(readonly variable: string) {
    super(`no value for {{${variable}}} on this target`);
  }
}

const WHOLE = /^\{\{([\w.-]+)\}\}$/;
const ANY = /\{\{([\w.-]+)\}\}/g;

function lookup(vars: Record<string, unknown>, name: string): unknown {
  const raw = vars[name];
  // A function is a value computed when the step runs (e.g. a SendAt relative to the target's clock).
  const v = typeof raw === 'function' ? (raw as () => unknown)() : raw;
  if (v === undefined || v === '') throw new MissingVariable(name);
  return v;
}

export function fill<T>(value: T, vars: Record<string, unknown>): T {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(vars, whole[1]!) as T;
    return value.replace(ANY, (_, name: string) => String(lookup(vars, name))) as T;
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, vars)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fill(v, vars);
    return out as T;
  }
  return value;
}

/** Reads a JSON pointer ("/messages/0/sid") from a value. */
export function pointer(value: unknown, ptr: string): unknown {
  if (ptr === '' || ptr === '/') return value;
  let cur = value;
  for (const raw of ptr.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
