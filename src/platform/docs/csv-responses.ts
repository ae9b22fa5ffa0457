import type { OpenAPIObject } from '@nestjs/swagger';
import { CSV_EXTENSION, CSV_MEDIA_TYPE } from '../csv/csv-export.js';

type Response = { description?: string; headers?: Record<string, object>; content?: Record<string, object> };
type Operation = { responses?: Record<string, Response>; [extension: string]: unknown };

/** The `Content-Disposition` header of a CSV answer, declared once (components.headers). */
export const CONTENT_DISPOSITION_HEADER = {
  description:
    'With a CSV answer: `attachment; filename="<list>-<YYYY-MM-DD>.csv"` (RFC 6266; the UTC date of the export).',
  schema: { type: 'string', pattern: '^attachment; filename="[a-z0-9-]+-\\d{4}-\\d{2}-\\d{2}\\.csv"$', maxLength: 120 },
};

/** What a CSV answer holds (the schema of its `text/csv` content). */
function csvSchema(paged: boolean): object {
  return {
    type: 'string',
    // Starts with the byte-order mark; as long as the result (the whole list, not a page).
    pattern: '^\\uFEFF',
    maxLength: Number.MAX_SAFE_INTEGER,
    description:
      'UTF-8 with a byte-order mark, CRLF line ends (RFC 4180). ' +
      (paged
        ? 'A header row with the field names of the JSON items, then one row per item of the whole result (every page, the same filters and scope; `limit` and `cursor` do not apply)'
        : "A header row naming the columns, then the report's rows (the operation's description names both; the same filters and scope as the JSON)") +
      ". Cells: empty for null; dates as ISO 8601; arrays and objects as compact JSON; a cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front (CSV injection: a spreadsheet shows it as text). Streamed: a failure after the first row cuts the response off (its chunked encoding never ends).",
  };
}

/**
 * Documents what `@CsvExport` (csv/csv-export.ts) does on a route: its 200 also offers
 * `text/csv`, with `Content-Disposition`. The route marks itself with the CSV_EXTENSION
 * extension, which is replaced here by what it stands for.
 */
export function withCsvResponses(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      const marker = operation?.[CSV_EXTENSION] as { paged: boolean } | undefined;
      if (!marker) continue;
      delete operation[CSV_EXTENSION];
      const ok = operation.responses?.['200'];
      if (!ok) continue;
      ok.content = { ...ok.content, [CSV_MEDIA_TYPE]: { schema: csvSchema(marker.paged) } };
      ok.headers = { ...ok.headers, 'Content-Disposition': { $ref: '#/components/headers/Content-Disposition' } };
      ok.description = `${ok.description ?? 'OK'} JSON by default; CSV with \`?format=csv\` or when \`Accept\` prefers \`text/csv\`.`;
    }
  }
  document.components ??= {};
  document.components.headers = { ...document.components.headers, 'Content-Disposition': CONTENT_DISPOSITION_HEADER };
  return document;
}
