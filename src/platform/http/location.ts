import {
  applyDecorators,
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiCreatedResponse, ApiExtension } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

const LOCATION = 'tansiq:location';
/** The OpenAPI extension carrying a create's Location template; the document builder reads and removes it. */
export const LOCATION_EXTENSION = 'x-location';

/** A `:name` of a Location template: filled with the created body's field `name`. */
const PARAMETER = /:([A-Za-z][A-Za-z0-9]*)/g;

/**
 * A create (201 Created) and where its record is read: `template` is the path of the GET that
 * serves it (`/api/v1/committees/:committeeId/members/:id`), each `:name` filled with the
 * field `name` of the body the create answers. LocationInterceptor sends it as `Location`
 * (RFC 9110 §10.2.2) on the 201; the document declares the header on the 201 (withLocations).
 */
export function Created(options: { type: Type<unknown>; at: string; description: string }): MethodDecorator {
  if (!options.at.startsWith('/') || options.at.endsWith('/'))
    throw new Error(`Location template ${options.at} must be an absolute path without a trailing slash`);
  return applyDecorators(
    ApiCreatedResponse({ type: options.type, description: options.description }),
    SetMetadata(LOCATION, options.at),
    ApiExtension(LOCATION_EXTENSION, options.at),
  );
}

/**
 * The URL `template` names for `body` (its fields filled in, percent-encoded so that none can
 * pass for a separator). @throws Error when the body lacks a field the template names: a route
 * whose template does not match its answer is a programming error, not the client's.
 */
export function locationOf(template: string, body: unknown): string {
  const fields = (body ?? {}) as Record<string, unknown>;
  return template.replace(PARAMETER, (_match, name: string) => {
    const value = fields[name];
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new Error(`Location ${template}: the created body has no field ${name}`);
    return encodeURIComponent(String(value));
  });
}

/** The pattern every Location of `template` matches (for the OpenAPI header schema). */
export function locationPattern(template: string): string {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `^${template
    .split(PARAMETER)
    .map((part, i) => (i % 2 === 0 ? literal(part) : '[^/?#]+'))
    .join('')}$`;
}

/**
 * `Location` on every 201 of a route marked @Created: the canonical URL of the record made
 * (absolute path, no trailing slash), the one its GET answers. It runs inside
 * IdempotencyInterceptor, which stores the header with the answer, so an Idempotency-Key
 * replay sends the same Location. Any other status (a cosignature already stored: 200) has none.
 */
@Injectable()
export class LocationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const template = this.reflector.get<string | undefined>(LOCATION, context.getHandler());
    if (template === undefined) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        // Nest sets the route's status before the handler runs; a handler may change it (201 → 200).
        if (reply.statusCode === 201) void reply.header('location', locationOf(template, body));
        return body;
      }),
    );
  }
}
