import type { FastifyInstance, RouteOptions } from 'fastify';

/** A route's path pattern (`/api/v1/committees/:id`) as a test of a request path. */
function pathPattern(url: string): RegExp {
  const source = url
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  // The router ignores a trailing slash (routerOptions.ignoreTrailingSlash).
  return new RegExp(`^${source}/?$`);
}

/**
 * The methods each path of the application answers, gathered from the router's own
 * registrations (Fastify's `onRoute` hook, which also sees the HEAD routes it adds for each
 * GET and the OPTIONS route of CORS): what a 405's `Allow` header lists (RFC 9110 §15.5.6).
 */
export class RouteMethods {
  private readonly routes: { pattern: RegExp; methods: string[] }[] = [];

  /** Records a route as Fastify registers it. */
  add(route: Pick<RouteOptions, 'method' | 'url'>): void {
    this.routes.push({ pattern: pathPattern(route.url), methods: [route.method].flat() });
  }

  /**
   * The methods some route answers for `path` (no query), sorted, or none when no route
   * matches the path with any method (then the answer is 404, not 405).
   */
  allowedFor(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(path)) route.methods.forEach((m) => methods.add(m));
    return [...methods].sort();
  }
}

const tables = new WeakMap<object, RouteMethods>();

/** Starts recording `fastify`'s routes; call before any route is registered. */
export function recordRouteMethods(fastify: FastifyInstance): RouteMethods {
  const table = new RouteMethods();
  tables.set(fastify, table);
  fastify.addHook('onRoute', (route) => table.add(route));
  return table;
}

/** The route table of the Fastify instance `server` (a request's `server`) or of the root it derives from. */
export function routeMethodsOf(server: FastifyInstance): RouteMethods | undefined {
  for (let s: object | null = server; s !== null; s = Object.getPrototypeOf(s) as object | null) {
    const table = tables.get(s);
    if (table) return table;
  }
  return undefined;
}
