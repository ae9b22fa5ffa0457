import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_SCHEME, BEARER_SCHEME } from '../http/route-access.js';

const DESCRIPTION = `Tansiq (تنسيق) tracks the work of bilateral joint security committees: meetings and
their decisions, commitments each party made, assignments to liaison officers, and the
dual sign-off that holds both sides to them.

Conventions: JSON in and out with camelCase fields; ids are UUIDs; times are RFC 3339 UTC;
dates are YYYY-MM-DD. Every error is \`application/problem+json\` (RFC 9457) with
\`type\`, \`title\`, \`status\`, \`detail\`, \`requestId\` and, for invalid input,
\`errors: [{field, message}]\`. Unknown fields are rejected with 400. Every response carries
\`X-Request-Id\` (yours when you send a sane one).`;

/** The OpenAPI 3.1 document of the running application. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Tansiq API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0.0')
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/v1/auth/login' },
      BEARER_SCHEME,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
        description: 'Key of an API client (read-only reporting access)',
      },
      API_KEY_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return toOpenApi31(document);
}

/**
 * @nestjs/swagger emits OpenAPI 3.0 schema idioms; 3.1 uses JSON Schema 2020-12, where
 * `nullable` is a `null` member of `type` and exclusive bounds are numbers.
 */
export function toOpenApi31<T>(node: T): T {
  if (Array.isArray(node)) return node.map((item) => toOpenApi31(item)) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = toOpenApi31(value);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (out.$ref || out.allOf || out.oneOf || out.anyOf) {
      const { description, ...schema } = out;
      return { ...(description ? { description } : {}), oneOf: [schema, { type: 'null' }] } as T;
    }
  } else if (out.nullable === false) {
    delete out.nullable;
  }
  for (const bound of ['Minimum', 'Maximum'] as const) {
    if (out[`exclusive${bound}`] === true) {
      out[`exclusive${bound}`] = out[bound.toLowerCase()];
      delete out[bound.toLowerCase()];
    } else if (out[`exclusive${bound}`] === false) {
      delete out[`exclusive${bound}`];
    }
  }
  return out as T;
}

export function setupDocs(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: 'Tansiq API',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
}
