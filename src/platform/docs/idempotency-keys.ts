import type { OpenAPIObject } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_SCHEMA, SKIP_IDEMPOTENCY_EXTENSION } from '../idempotency/idempotency.interceptor.js';

type Operation = {
  parameters?: { name: string; in: string }[];
  responses?: Record<string, { headers?: Record<string, object> }>;
} & Record<string, unknown>;

/** The `Idempotent-Replayed` response header, declared once (components.headers). */
export const IDEMPOTENT_REPLAYED_HEADER = {
  description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.',
  schema: { type: 'string', enum: ['true'] },
};

const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the same key and body within 24 h answer the stored response (with `Idempotent-Replayed: true`) instead of running again; the same key with another body is 422 IDEMPOTENCY_KEY_REUSED, a key still running 409 IDEMPOTENCY_KEY_IN_PROGRESS.',
  schema: IDEMPOTENCY_KEY_SCHEMA,
};

/**
 * Documents what IdempotencyInterceptor does: every POST reads `Idempotency-Key` unless its
 * route is marked SkipIdempotency (`x-skip-idempotency`, removed here), and a replayed 2xx
 * carries `Idempotent-Replayed: true`. The rule reads the routes' marks, as the interceptor
 * reads their metadata, so the two cannot disagree.
 */
export function withIdempotencyKeys(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    const operation = (item as Record<string, Operation>).post;
    if (!operation) continue;
    if (operation[SKIP_IDEMPOTENCY_EXTENSION]) {
      delete operation[SKIP_IDEMPOTENCY_EXTENSION];
      continue;
    }
    const parameters = (operation.parameters ??= []);
    if (!parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'))
      parameters.push(IDEMPOTENCY_KEY_PARAMETER);
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      if (!/^2/.test(status)) continue;
      response.headers = {
        ...response.headers,
        'Idempotent-Replayed': { $ref: '#/components/headers/Idempotent-Replayed' },
      };
    }
  }
  document.components ??= {};
  document.components.headers = { ...document.components.headers, 'Idempotent-Replayed': IDEMPOTENT_REPLAYED_HEADER };
  return document;
}
