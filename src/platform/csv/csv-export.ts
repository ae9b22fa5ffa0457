import { Readable, pipeline } from 'node:stream';
import {
  Injectable,
  Logger,
  SetMetadata,
  StreamableFile,
  UseInterceptors,
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension, ApiQuery } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { lastValueFrom, of, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { preferredType } from '../http/accept.js';
import { requestContext } from '../http/request-context.js';
import { documentedFields } from '../http/response-shape.js';
import { ExportSession, exportSession } from '../pagination/export-session.js';
import { MAX_LIMIT } from '../pagination/list-query.dto.js';
import type { Page } from '../pagination/paginate.js';
import { AppException } from '../problem/app.exception.js';
import { csvRecord } from './csv-cells.js';

export const CSV_MEDIA_TYPE = 'text/csv';
/** The OpenAPI extension that marks an operation answering CSV (docs/csv-responses.ts reads it). */
export const CSV_EXTENSION = 'x-tansiq-csv';
const CSV_EXPORT = 'tansiq:csv-export';
/** Rows per batch of an export: the largest page, so each batch is presented as a page is. */
export const EXPORT_BATCH = MAX_LIMIT;

export interface CsvExportOptions<Body = unknown> {
  /** The file name's stem: `<filename>-<YYYY-MM-DD>.csv` (the UTC date of the export). */
  filename: string;
  /**
   * The rows of an answer that is not a page (a report): e.g. `(report) => report.parties`.
   * Without it the answer is a page (`{ items, nextCursor }`) and the export reads every page.
   */
  rows?: (body: Body) => readonly object[];
}

interface ExportMetadata extends CsvExportOptions {
  columns: Type<unknown>;
}

/**
 * Lets a route answer CSV as well as JSON (docs: README "For reporting tools", CSV). `columns`
 * is the DTO of one row (a page's item DTO): its documented fields, in order, are the header
 * and the columns. On a list, the CSV is the whole result, not a page: the handler is called
 * batch after batch, its rows read through one database cursor (`pageRows`,
 * pagination/export-session.ts), so every list that reads through `paginate`, `paginateSql` or
 * `pageRows` needs nothing but this decorator. A report (any other answer) gives `rows`.
 *
 * The OpenAPI document gets the `format` parameter, `text/csv` on the 200 and its
 * `Content-Disposition` header (docs/csv-responses.ts).
 */
export function CsvExport<Body = unknown>(columns: Type<unknown>, options: CsvExportOptions<Body>) {
  return applyDecorators(
    SetMetadata(CSV_EXPORT, { ...options, columns } as ExportMetadata),
    UseInterceptors(CsvExportInterceptor),
    ApiQuery({
      name: 'format',
      required: false,
      enum: ['json', 'csv'],
      description:
        '`csv`: the answer as CSV (as `Accept: text/csv` asks), the whole result rather than one page; `json`: JSON whatever `Accept` says. Without it, `Accept` decides (JSON unless it prefers `text/csv`).',
    }),
    ApiExtension(CSV_EXTENSION, { filename: options.filename, paged: options.rows === undefined }),
  );
}

/** `format` taken out of the query (the query DTOs do not know it): 400 naming it when not json or csv. */
function takeFormat(query: Record<string, unknown>): 'json' | 'csv' | undefined {
  const format = query.format;
  delete query.format;
  if (format === undefined) return undefined;
  if (format === 'json' || format === 'csv') return format;
  throw AppException.validation([{ field: 'format', message: 'must be one of json, csv' }]);
}

/**
 * Answers CSV when `?format=csv` or `Accept` prefers `text/csv` (RFC 9110 §12.5.1; JSON stays
 * the default), else lets the JSON answer through. The CSV: UTF-8 with a byte-order mark (so
 * spreadsheet programs read Arabic right), CRLF line ends (RFC 4180), a header row, each cell
 * as `csvCell` writes it (text that could start a formula neutralised), quoted when it holds a
 * line break (LF or CR alone included), a comma or a quote. Streamed with
 * back-pressure: the database cursor is read only when the response stream asks for more.
 * Errors before the first row (400, 404, …) are problem documents as usual; a failure later
 * cuts the response off (its chunked encoding never ends, so no client takes it as whole).
 */
@Injectable()
export class CsvExportInterceptor implements NestInterceptor {
  private readonly logger = new Logger('CsvExport');

  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const options = this.reflector.get<ExportMetadata>(CSV_EXPORT, context.getHandler());
    const query = (request.query ?? {}) as Record<string, unknown>;
    const format = takeFormat(query);
    void reply.header('vary', 'Accept');
    const csv = format ? format === 'csv' : preferredType(request.headers.accept, OFFERED) === CSV_MEDIA_TYPE;
    if (!csv) return next.handle();

    const paged = options.rows === undefined;
    if (paged) {
      // The whole result, in batches of the largest page: no cursor, no page size of the caller's.
      delete query.cursor;
      query.limit = String(EXPORT_BATCH);
    }
    const session = new ExportSession(this.dataSource);
    const store = requestContext.getStore();
    // Each batch runs the handler again (pipes, service, presentation) inside the export.
    const batch = () =>
      new Promise<unknown>((resolve, reject) => {
        const run = () => void lastValueFrom(next.handle()).then(resolve, reject);
        const inContext = () => (store ? requestContext.run(store, run) : run());
        if (paged) exportSession.run(session, inContext);
        else inContext();
      });
    let first: unknown;
    try {
      first = await batch();
    } catch (error) {
      await session.close(error as Error);
      throw error;
    }
    if (paged && (first as Page<object>).nextCursor !== null && !session.opened) {
      // Before any byte is sent: a 500, not a CSV cut short.
      await session.close();
      throw new Error(`${request.url}: this list does not read its rows through pageRows: it cannot export`);
    }
    const file = { type: `${CSV_MEDIA_TYPE}; charset=utf-8`, disposition: contentDisposition(options.filename) };
    if (request.method === 'HEAD') {
      await session.close();
      return of(new StreamableFile(Readable.from([]), file));
    }

    const columns = documentedFields(options.columns);
    const rowsOf = options.rows ?? ((body: unknown) => (body as Page<object>).items);
    async function* records(): AsyncGenerator<string[]> {
      let failure: Error | undefined;
      try {
        let body = first;
        for (;;) {
          for (const row of rowsOf(body)) yield csvRecord(row, columns);
          if (!paged || (body as Page<object>).nextCursor === null) break;
          body = await batch();
        }
        // A long export is a use of the API client's key until its end (lastUsedAt).
        await store?.recordUse?.();
      } catch (error) {
        failure = error as Error;
        throw error;
      } finally {
        await session.close(failure);
      }
    }
    // A cell with a line break of its own is quoted, a lone LF or CR too: csv-stringify quotes
    // only the record delimiter (CRLF) by itself, and an unquoted line break would end the row
    // there and start a forged one (its first cell never neutralised).
    const stringifier = stringify({
      bom: true,
      header: true,
      columns,
      record_delimiter: 'windows',
      quoted_match: /[\r\n]/,
    });
    const body = pipeline(Readable.from(records()), stringifier, (error) => {
      // A client that goes away mid-export is not a failure of ours.
      if (
        error &&
        error.name !== 'AbortError' &&
        (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE'
      )
        this.logger.error(`CSV export of ${request.url} failed: ${error.message}`);
    });
    return of(new StreamableFile(body, file));
  }
}

const OFFERED = ['application/json', CSV_MEDIA_TYPE];

/** `attachment; filename="commitments-2026-05-01.csv"`: the UTC date of the export. */
export function contentDisposition(stem: string): string {
  return `attachment; filename="${stem}-${new Date().toISOString().slice(0, 10)}.csv"`;
}
