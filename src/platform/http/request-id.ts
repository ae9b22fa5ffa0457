import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
/** A caller's X-Request-Id that is kept as it is. */
export const REQUEST_ID_FORMAT = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A caller's `X-Request-Id` is kept when it is a sane token (so traces can span services);
 * anything else is replaced by a fresh UUID. The id is also put on the raw request so the
 * HTTP logger reuses it.
 */
export function requestIdFor(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && REQUEST_ID_FORMAT.test(given) ? given : randomUUID();
  (raw as IncomingMessage & { id?: string }).id = id;
  return id;
}
