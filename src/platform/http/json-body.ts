import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppException, ErrorCode } from '../problem/app.exception.js';
import { BODY_MEDIA_TYPE } from '../problem/framework-errors.js';

/**
 * Keys refused anywhere in a body: assigned by a later copy or merge (`Object.assign`,
 * class-transformer), `__proto__` replaces an object's prototype and `constructor.prototype`
 * reaches a shared one (prototype pollution). No field of the API has either name.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Raw text that may spell a forbidden key (also through `\u` escapes): only then is the parsed body walked. */
const MAY_HOLD_FORBIDDEN_KEY = /__proto__|constructor|prototype|\\u/;

/**
 * The path (`attendees[0].__proto__`) of a forbidden key in `value`, or null. Iterative: a
 * body nested thousands of levels deep must not exhaust the stack (validation refuses it
 * later, naming the depth).
 */
export function forbiddenKeyPath(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (Array.isArray(item)) {
      item.forEach((child: unknown, i) => stack.push([child, `${path}[${i}]`]));
      continue;
    }
    for (const [key, child] of Object.entries(item)) {
      const childPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return childPath;
      stack.push([child, childPath]);
    }
  }
  return null;
}

/**
 * The path (`items[1].label`) of the first member name an object of `text` (valid JSON, as
 * JSON.parse accepted it) repeats, or null. JSON.parse keeps the last value of a repeated name
 * silently; I-JSON (RFC 7493 §2.3) forbids them, since parsers disagree on which one counts.
 * Names compare as decoded (`"a"` and `"\u0061"` are one name). One pass over the text, without
 * recursion.
 */
export function duplicateKeyPath(text: string): string | null {
  // Per open container: the names seen (objects) or the next index (arrays), and its path.
  const stack: { names: Set<string> | null; index: number; path: string }[] = [];
  let pendingName: string | null = null;
  const childPath = () => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.names === null) return `${top.path}[${top.index}]`;
    return top.path ? `${top.path}.${pendingName}` : pendingName!;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      let k = j + 1;
      while (k < text.length && (text[k] === ' ' || text[k] === '\t' || text[k] === '\n' || text[k] === '\r')) k++;
      if (top?.names && text[k] === ':') {
        const name = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.names.has(name)) return top.path ? `${top.path}.${name}` : name;
        top.names.add(name);
        pendingName = name;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      stack.push({ names: c === '{' ? new Set() : null, index: 0, path: childPath() });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top && top.names === null) top.index += 1;
    }
  }
  return null;
}

/**
 * Reads an `application/json` body:
 * - empty (`Content-Length: 0`) → no body, as without Content-Type (RFC 9110 §8.6): a route
 *   that declares one answers 400 VALIDATION_FAILED naming `body` (validation.pipe.ts);
 * - not JSON → 400 MALFORMED_REQUEST, `errors` naming `body` (the parser's reason, which
 *   gives the position);
 * - a `__proto__`, `constructor` or `prototype` key → 400 VALIDATION_FAILED naming its path;
 * - a member name repeated in one object → 400 VALIDATION_FAILED naming its path (I-JSON,
 *   RFC 7493 §2.3; JSON.parse would keep the last one silently).
 *
 * In place of Fastify's parser, whose answer to all three is the same "Body is not valid JSON".
 */
export function parseJsonBody(_request: FastifyRequest, body: string): unknown {
  if (body.length === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'cannot be parsed';
    throw new AppException(ErrorCode.MalformedRequest, 'The request body is not valid JSON.', {
      errors: [{ field: 'body', message: `is not valid JSON: ${reason}` }],
    });
  }
  const repeated = value !== null && typeof value === 'object' ? duplicateKeyPath(body) : null;
  if (repeated !== null)
    throw AppException.validation([
      { field: repeated, message: 'appears twice in one object: each member name once (I-JSON, RFC 7493 §2.3)' },
    ]);
  const forbidden = MAY_HOLD_FORBIDDEN_KEY.test(body) ? forbiddenKeyPath(value) : null;
  if (forbidden !== null)
    throw AppException.validation([
      { field: forbidden, message: 'is a reserved key name that no field of this API has' },
    ]);
  return value;
}

/**
 * Bodies are JSON only: Fastify's `text/plain` parser goes (a text body is 415, not a
 * string handed to validation) and its JSON parser is replaced by `parseJsonBody`.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    BODY_MEDIA_TYPE,
    { parseAs: 'string' },
    async (request: FastifyRequest, body: string | Buffer) => parseJsonBody(request, body.toString()),
  );
}
