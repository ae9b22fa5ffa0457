import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** What helmet does to every response for `options`: the headers it sets and those it removes. */
export interface SecurityHeaders {
  set: [name: string, value: string][];
  remove: string[];
}

/**
 * The headers helmet's middleware writes for `options`, recorded once: without CSP nonces
 * (none here) they are the same for every response. helmet validates `options` (it throws on
 * a malformed directive) exactly as when it runs per request.
 */
export function securityHeaders(options: HelmetOptions): SecurityHeaders {
  const recorded: SecurityHeaders = { set: [], remove: [] };
  const recorder = {
    setHeader: (name: string, value: string) => recorded.set.push([name, String(value)]),
    removeHeader: (name: string) => recorded.remove.push(name),
  };
  helmet(options)({} as never, recorder as unknown as ServerResponse, () => undefined);
  return recorded;
}

/**
 * helmet's security headers (CSP, HSTS, `X-Content-Type-Options`…) on every response, from one
 * `onRequest` hook that writes the headers `securityHeaders` recorded at start-up (the answers
 * written on the socket, client-errors.ts, carry the same). The Fastify
 * plugin (`@fastify/helmet`) built helmet's middleware anew on every request (parsing the CSP
 * directives each time) in two hooks, one of them async: about 3 % of a list request's CPU,
 * for headers that never vary.
 */
export function addSecurityHeaders(fastify: FastifyInstance, { set, remove }: SecurityHeaders): void {
  fastify.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of set) reply.raw.setHeader(name, value);
    for (const name of remove) reply.raw.removeHeader(name);
    done();
  });
}
