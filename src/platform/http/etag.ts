import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppException, ErrorCode } from '../problem/app.exception.js';

export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Parses `If-Match: "3"` (or `W/"3"`) into 3; absence gives undefined, and so does `*`
 * where the version is optional. Where it is required, `*` does not count: it would skip
 * the very check the requirement is for.
 */
export function parseIfMatch(header: string | undefined, required: boolean): number | undefined {
  if (header === undefined || header.trim() === '' || (required && header.trim() === '*')) {
    if (required) {
      throw new AppException(
        ErrorCode.IfMatchRequired,
        'This update needs If-Match with the ETag you last read, so that a concurrent change is not overwritten.',
      );
    }
    return undefined;
  }
  if (header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw AppException.validation([{ field: 'If-Match', message: 'must be an ETag such as "3"' }]);
  return Number(match[1]);
}

/**
 * The version the client last saw, from `If-Match`; `required` answers 428 IF_MATCH_REQUIRED
 * when it is missing, a malformed value is 400 VALIDATION_FAILED.
 */
export const IfMatch = createParamDecorator((options: { required?: boolean } | undefined, ctx: ExecutionContext) => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const header = request.headers['if-match'];
  return parseIfMatch(Array.isArray(header) ? header[0] : header, options?.required ?? false);
});

/** 412 VERSION_MISMATCH with the current ETag, so the client can re-read and retry. */
export function assertVersion(entity: { version: number }, expected: number | undefined, what: string): void {
  if (expected !== undefined && entity.version !== expected) {
    throw new AppException(
      ErrorCode.VersionMismatch,
      `${what} has changed since you read it (now version ${entity.version}). Re-read it and retry.`,
      {
        headers: { etag: etagOf(entity.version) },
        extensions: { currentVersion: entity.version },
      },
    );
  }
}
