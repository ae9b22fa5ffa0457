import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiHeader } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../crypto/canonical.js';
import { AppException, ErrorCode } from '../problem/app.exception.js';

/**
 * The strong entity tag of a representation (RFC 9110 §8.8.3): `"` + base64url of the first
 * 128 bits of SHA-256 over its canonical JSON (`canonicalJson`: keys sorted) + `"`. Every part
 * of the body counts, so the tag moves whenever anything shown moves: a nested row (an
 * acknowledgement, a decision), a joined name, a derived flag (`overdue`). The same function
 * tags GET answers and checks If-Match, so the two cannot disagree. Canonical, not as
 * serialized: an Idempotency-Key replay serves the body back from `jsonb`, which reorders keys,
 * and must carry the tag the create gave.
 */
export function etagOf(representation: unknown): string {
  const digest = createHash('sha256').update(canonicalJson(representation)).digest();
  return `"${digest.subarray(0, 16).toString('base64url')}"`;
}

/** Every ETag served: `"` + 22 base64url characters + `"`. */
export const ETAG_LENGTH = 24;
/** The OpenAPI schema of an `ETag` header. */
export const ETAG_SCHEMA = {
  type: 'string',
  minLength: ETAG_LENGTH,
  maxLength: ETAG_LENGTH,
  pattern: '^"[A-Za-z0-9_-]{22}"$',
} as const;
/**
 * The longest `If-Match` accepted (room for some 40 tags): longer is 400 VALIDATION_FAILED,
 * so the list a client may send is bounded like any other input.
 */
export const IF_MATCH_MAX_LENGTH = 1024;

const TAG = '(?:W/)?"[!#-~\\u0080-\\u00ff]*"[ \\t]*';
/**
 * What `parseIfMatch` accepts, as a JSON Schema pattern: `*`, or a comma-separated list of
 * entity-tags (RFC 9110 §8.8.3, §5.6.1: empty members and spaces allowed) with at least one tag.
 */
export const IF_MATCH_PATTERN = `^(?:[ \\t]*\\*[ \\t]*|[ \\t]*(?:(?:${TAG})?,[ \\t]*)*${TAG}(?:,[ \\t]*(?:${TAG})?)*)$`;

/**
 * An `If-Match` condition: `any` for `*` (RFC 9110 §13.1.1: true when the resource exists), or
 * the listed entity-tags as sent (`W/"…"` kept, so that strong comparison can refuse it).
 */
export type IfMatchCondition = { any: true } | { any: false; tags: string[] };

// RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text.
// One list member, then a comma or the end (§5.6.1: empty members and spaces around are allowed).
const LIST_MEMBER = /[ \t]*(?:((?:W\/)?"[\x21\x23-\x7e\x80-\xff]*")[ \t]*)?(?:,|$)/y;

/** The entity-tags of a list, or null when it is not one. */
function entityTags(header: string): string[] | null {
  const tags: string[] = [];
  LIST_MEMBER.lastIndex = 0;
  while (LIST_MEMBER.lastIndex < header.length) {
    const at = LIST_MEMBER.lastIndex;
    const match = LIST_MEMBER.exec(header);
    if (!match || LIST_MEMBER.lastIndex === at) return null;
    if (match[1]) tags.push(match[1]);
  }
  return tags.length > 0 ? tags : null;
}

/**
 * Parses `If-Match` (RFC 9110 §13.1.1: `*` or a comma-separated list of entity-tags). Absent or
 * blank: undefined, or 428 IF_MATCH_REQUIRED where `required`. Anything else that is not such
 * a list (an unquoted `3`, `*` among tags), or longer than IF_MATCH_MAX_LENGTH: 400
 * VALIDATION_FAILED naming If-Match.
 */
export function parseIfMatch(header: string | undefined, required: boolean): IfMatchCondition | undefined {
  if (header === undefined || header.trim() === '') {
    if (required) {
      throw new AppException(
        ErrorCode.IfMatchRequired,
        'This update needs If-Match with the ETag you last read, so that a concurrent change is not overwritten.',
      );
    }
    return undefined;
  }
  if (header.trim() === '*') return { any: true };
  if (header.length > IF_MATCH_MAX_LENGTH) {
    throw AppException.validation([
      { field: 'If-Match', message: `must be at most ${IF_MATCH_MAX_LENGTH} characters` },
    ]);
  }
  const tags = entityTags(header);
  if (!tags)
    throw AppException.validation([
      { field: 'If-Match', message: 'must be * or a list of ETags as served, such as "mV3gk0bqS8u1ZQ2fLqkq_A"' },
    ]);
  return { any: false, tags };
}

const ifMatchHeader = createParamDecorator((options: { required?: boolean } | undefined, ctx: ExecutionContext) => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const header = request.headers['if-match'];
  return parseIfMatch(Array.isArray(header) ? header.join(', ') : header, options?.required ?? false);
});

/**
 * The `If-Match` condition of the request; `required` answers 428 IF_MATCH_REQUIRED when it is
 * missing, a malformed value is 400 VALIDATION_FAILED. Documented in OpenAPI as the operation's
 * `If-Match` header parameter (required or not, as the route reads it), so that the document
 * cannot leave out a condition the route checks.
 */
export const IfMatch =
  (options?: { required?: boolean }): ParameterDecorator =>
  (target, key, index) => {
    ifMatchHeader(options)(target, key, index);
    if (key === undefined) return;
    const required = options?.required ?? false;
    ApiHeader({
      name: 'If-Match',
      required,
      schema: { type: 'string', minLength: 1, maxLength: IF_MATCH_MAX_LENGTH, pattern: IF_MATCH_PATTERN },
      description: required
        ? 'The ETag last read (or `*`, or a list of tags); 428 IF_MATCH_REQUIRED without it, 412 VERSION_MISMATCH when it is stale.'
        : 'The ETag last read (or `*`, or a list of tags): the change applies only if the record still has it, 412 VERSION_MISMATCH when it is stale.',
    })(target, key, Object.getOwnPropertyDescriptor(target, key)!);
  };

/**
 * RFC 9110 §13.1.1 evaluated on a representation the server has (`etag`: its tag; undefined
 * when it has none, as a list or a text answer): `*` passes; a list passes when one of its tags
 * is strongly equal to `etag` (a weak tag never is). Otherwise 412 VERSION_MISMATCH, with the
 * current `ETag` and `currentVersion` when the representation has them, and the reason when
 * every tag sent was weak. No condition: passes.
 */
export function ifMatchFailure(
  condition: IfMatchCondition | undefined,
  etag: string | undefined,
  what: string,
  version?: number,
): AppException | null {
  if (condition === undefined || condition.any) return null;
  if (etag !== undefined && condition.tags.includes(etag)) return null;
  const weakOnly = condition.tags.every((tag) => tag.startsWith('W/'));
  const why = weakOnly
    ? 'If-Match named only weak entity tags (W/"…"), and a weak tag never matches If-Match (RFC 9110 §13.1.1: strong comparison); send the ETag as served, without W/.'
    : etag === undefined
      ? `${what} has no entity tag, so no tag in If-Match can match it (RFC 9110 §13.1.1); only * does.`
      : // Not "now version N": a representation's tag also moves with its nested and derived
        // parts (an acknowledgement, a new decision) while its version stays.
        `${what} has changed since you read it: its current ETag is ${etag}. Re-read it and retry.`;
  return new AppException(ErrorCode.VersionMismatch, why, {
    ...(etag === undefined ? {} : { headers: { etag } }),
    ...(version === undefined ? {} : { extensions: { currentVersion: version } }),
  });
}

/**
 * RFC 9110 §13.1.1 on an existing resource whose current representation `current` gives (read
 * under the record's row lock, so no write that takes the lock slips between check and
 * change): see `ifMatchFailure`. The representation is read only when a list of tags was sent.
 */
export async function assertIfMatch(
  condition: IfMatchCondition | undefined,
  current: () => Promise<{ version: number }>,
  what: string,
): Promise<void> {
  if (condition === undefined || condition.any) return;
  const representation = await current();
  const failure = ifMatchFailure(condition, etagOf(representation), what, representation.version);
  if (failure) throw failure;
}
