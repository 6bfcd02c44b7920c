// Route table for Twilio's REST paths. Templates are written as in Twilio's OpenAPI description so the contract
// harness can map each served route to its operationId (GET /__sim/routes).
import type { WireRequest, WireResponse } from './types.js';

/** What a handler gets: the request, the path's named parts, and whoever the caller authenticated as. */
export interface RouteContext<Caller> {
  request: WireRequest;
  params: Record<string, string>;
  caller: Caller;
}

export interface Route<Caller> {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  template: string;
  /** The spec's operationId for Twilio routes; a descriptive name for the simulator's own. */
  operationId: string;
  handle: (ctx: RouteContext<Caller>) => Promise<WireResponse> | WireResponse;
}

export interface CompiledRoute<Caller> extends Route<Caller> {
  pattern: RegExp;
  names: string[];
}

export function compile<Caller>(route: Route<Caller>): CompiledRoute<Caller> {
  const names: string[] = [];
  const source = route.template.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

export type RouteMatch<Caller> = { route: CompiledRoute<Caller>; params: Record<string, string> } | { methodNotAllowed: true } | null;

export function match<Caller>(routes: readonly CompiledRoute<Caller>[], method: string, path: string): RouteMatch<Caller> {
  let pathMatched = false;
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = safeDecode(m[i + 1]!);
    });
    return { route, params };
  }
  return pathMatched ? { methodNotAllowed: true } : null;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
