import type { OpenAPIObject } from '@nestjs/swagger';
import { LOCATION_EXTENSION, locationPattern } from '../http/location.js';
import { MAX_HEADER_BYTES } from '../http/client-errors.js';

type Operation = {
  operationId?: string;
  responses?: Record<string, { headers?: Record<string, object> }>;
} & Record<string, unknown>;

/** `/api/v1/parties/:id` → `/api/v1/parties/{id}`. */
const asPath = (template: string) => template.replace(/:([A-Za-z][A-Za-z0-9]*)/g, '{$1}');
/** A path with its parameters unnamed: a template names body fields, the GET its own parameters. */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

/**
 * Documents what LocationInterceptor does: the 201 of every create marked @Created
 * (`x-location`, removed here) carries a required `Location` whose pattern is the GET it
 * names. Throws when a 201 has no template, or when the template names no GET of the
 * document: every create says where its record is, and that place can be read.
 */
export function withLocations(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      if (!operation?.responses) continue;
      const template = operation[LOCATION_EXTENSION] as string | undefined;
      delete operation[LOCATION_EXTENSION];
      const created = operation.responses['201'];
      if (!created && template === undefined) continue;
      if (!created || template === undefined)
        throw new Error(`${method.toUpperCase()} ${path}: a 201 and @Created go together`);
      const readPath = Object.keys(document.paths).find((p) => shape(p) === shape(asPath(template)));
      const read = readPath === undefined ? undefined : (document.paths[readPath] as Record<string, unknown>).get;
      if (!read) throw new Error(`${method.toUpperCase()} ${path}: Location ${template} is no GET of the document`);
      created.headers = {
        Location: {
          required: true,
          description: `Where the record created is read (RFC 9110 §10.2.2): \`${readPath}\`, \`GET\` answers it (operation \`${(read as { operationId?: string }).operationId}\`). The same on an Idempotency-Key replay.`,
          schema: { type: 'string', pattern: locationPattern(template), maxLength: MAX_HEADER_BYTES },
        },
        ...created.headers,
      };
    }
  }
  return document;
}
