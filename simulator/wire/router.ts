// Route table for Twilio's REST paths. Templates are written as in Twilio's OpenAPI description so the contract
// harness can map each served route to its operationId (GET /__sim/routes).
import type { Engine } from '../engine/index.js';
import type { AccountState } from '../engine/store.js';
import type { WireRequest, WireResponse } from './types.js';

export interface RouteContext {
  request: WireRequest;
  params: Record<string, string>;
  account: AccountState;
  engine: Engine;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  template: string;
  operationId: string;
  handle: (ctx: RouteContext) => Promise<WireResponse> | WireResponse;
}

export interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.template.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

export type RouteMatch = { route: CompiledRoute; params: Record<string, string> } | { methodNotAllowed: true } | null;

export function match(routes: readonly CompiledRoute[], method: string, path: string): RouteMatch {
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
