/**
 * What the platform context offers every other context: configuration, database plumbing,
 * problem details and error codes, pagination, validation, search, time, persistence
 * helpers (versions, relation sets), the audit trail's write path, idempotency, HTTP helpers.
 * The platform imports no feature context (docs/architecture.md).
 */
export {
  AUDIT_COLUMNS,
  appendAuditEvent,
  auditedWith,
  type AuditChanges,
  type AuditInput,
  type AuditValues,
} from './audit/audit.service.js';
export {
  STORED_EVENT_COLUMNS,
  eventFields,
  eventLeafData,
  type AuditEventFields,
  type StoredAuditEvent,
} from './audit/audit-event.js';
export { APP_CONFIG } from './config/config.module.js';
export { LOG_ORIGIN_MAX_LENGTH, type AppConfig } from './config/config.js';
export { settingsError } from './config/startup-errors.js';
export { sha256 } from './crypto/hash.js';
export { CSV_MEDIA_TYPE, CsvExport, type CsvExportOptions } from './csv/csv-export.js';
export { csvCell, neutralise } from './csv/csv-cells.js';
export { preferredType, represent, type Representations } from './http/accept.js';
export { nextLink } from './http/http-caching.interceptor.js';
export {
  ETAG_SCHEMA,
  IF_MATCH_MAX_LENGTH,
  IfMatch,
  assertIfMatch,
  ifMatchFailure,
  type IfMatchCondition,
} from './http/etag.js';
export { IdParam } from './http/id-param.js';
export { Created, LocationInterceptor, locationOf } from './http/location.js';
export {
  EXAMPLE_ID,
  EXAMPLE_REFRESH_TOKEN,
  OPERATION_ID,
  Operation,
  RequestExample,
  type OperationDoc,
} from './docs/operation.js';
export { API_CLIENT_WRITES_EXTENSION } from './docs/statuses.js';
export { documentedFields, shapeAs } from './http/response-shape.js';
export { requestContext, type RequestContext } from './http/request-context.js';
export { API_KEY_SCHEME, BEARER_CHALLENGE, BEARER_SCHEME, IS_PUBLIC, Public } from './http/route-access.js';
export { IDEMPOTENCY_KEY_SCHEMA, SkipIdempotency } from './idempotency/idempotency.interceptor.js';
export { LruMap } from './cache/lru-map.js';
export { inExport, pageRows } from './pagination/export-session.js';
export { ListQueryDto } from './pagination/list-query.dto.js';
export { PageOf } from './pagination/page.dto.js';
export {
  keysetOf,
  nextCursorOf,
  paginate,
  type Keyset,
  type Page,
  type PaginateOptions,
} from './pagination/paginate.js';
export { paginateSql, type SqlPageQuery, type SqlRunner } from './pagination/paginate-sql.js';
export { PageCache } from './pagination/page-cache.js';
export { directReads } from './database/direct-reads.js';
export { genericPlans } from './database/generic-plans.js';
export { SqlParams } from './pagination/sql-params.js';
export {
  ActivatableListQueryDto,
  RegistryListQueryDto,
  given,
  toBoolean,
  trim,
} from './pagination/registry-query.dto.js';
export { SortQuery, sortable, type SortField, type SortWhitelist } from './pagination/sort.js';
export {
  COMMITTEE_ISSUE_AREAS,
  COMMITTEE_PARTIES,
  MEETING_ATTENDEES,
  replaceRelationSet,
} from './persistence/relation-set.js';
export { VersionedEntity } from './persistence/versioned.entity.js';
export {
  appendUpdateEvent,
  changeStatement,
  readSnapshot,
  saveChanges,
  type ChangeStatement,
  type Versioned,
} from './persistence/save-changes.js';
export {
  applyRegistryFilters,
  deleteUnlessReferenced,
  updateVersioned,
  type IfMatchCheck,
  type Reference,
} from './persistence/versioning.js';
export { AppException, ErrorCode } from './problem/app.exception.js';
export { asAppException } from './problem/database-errors.js';
export { PgThrottlerStorage } from './rate-limit/pg-throttler.storage.js';
export { RateLimitService } from './rate-limit/rate-limit.service.js';
export { RATE_LIMIT_EXTENSION, RateLimit, type RateLimitPolicy } from './rate-limit/rate-limit.decorator.js';
export { SEARCH_QUERY_MAX, SEARCH_VECTORS, SearchQuery, searchCondition, searchMatchSql } from './search/search.js';
export { canonicalTimeZone, isoTimestampSql, todayIn } from './time/dates.js';
export { IsCalendarDate, IsDateOrDateTime, IsDateTimeWithOffset, RangeEnd } from './validation/dates.validators.js';
export { IsIntegerIn, decimalInteger } from './validation/is-integer-in.js';
export { IsTimeZone, TIME_ZONE_MAX_LENGTH } from './validation/is-time-zone.js';
export {
  INT32_MAX,
  PROGRESS,
  SHA256_BASE64_LENGTH,
  VERSION,
  base64Length,
  int32,
  int64,
  text,
} from './validation/bounds.js';
export { CodeText, EmailText, FreeText, NameText, StoredText } from './text/text.validators.js';
export { TEXT_ERROR_MEANINGS, TextErrorCode, normalizeEmail } from './text/unicode.js';
