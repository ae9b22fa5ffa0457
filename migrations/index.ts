import { AccessGeneration1796700000000 } from './1796700000000-access-generation.js';
import { StoredWorkSearchVectors1796600000000 } from './1796600000000-stored-work-search-vectors.js';
import { SearchFoldIgnorablesAndTags1796400000000 } from './1796400000000-search-fold-ignorables-and-tags.js';
import { WorkSearch1796300000000 } from './1796300000000-work-search.js';
import { ReportTallies1796500000000 } from './1796500000000-report-tallies.js';
import { NameTransliteration1796200000000 } from './1796200000000-name-transliteration.js';
import { SearchFunctionsPlannedOnce1796800000000 } from './1796800000000-search-functions-planned-once.js';
import { TextNormalisation1796100000000 } from './1796100000000-text-normalisation.js';
import { VerifiableLog1796000000000 } from './1796000000000-verifiable-log.js';
import { ListIndexes1795990000000 } from './1795990000000-list-indexes.js';
import { SessionEnd1795959782864 } from './1795959782864-session-end.js';
import { AuthSessions1795956816764 } from './1795956816764-auth-sessions.js';
import { SearchArticlesAndCommitteeToday1795919400000 } from './1795919400000-search-articles-and-committee-today.js';
import { WorkTracking1795918743194 } from './1795918743194-work-tracking.js';
import { Registry1795918074469 } from './1795918074469-registry.js';
import { Identity1795917537351 } from './1795917537351-identity.js';
import { RateLimits1795916970642 } from './1795916970642-rate-limits.js';

/** Every migration, in order. `npm run migration:generate` adds to this list. */
export const migrations = [
  RateLimits1795916970642,
  Identity1795917537351,
  Registry1795918074469,
  WorkTracking1795918743194,
  SearchArticlesAndCommitteeToday1795919400000,
  AuthSessions1795956816764,
  SessionEnd1795959782864,
  ListIndexes1795990000000,
  VerifiableLog1796000000000,
  TextNormalisation1796100000000,
  NameTransliteration1796200000000,
  WorkSearch1796300000000,
  SearchFoldIgnorablesAndTags1796400000000,
  ReportTallies1796500000000,
  StoredWorkSearchVectors1796600000000,
  AccessGeneration1796700000000,
  SearchFunctionsPlannedOnce1796800000000,
];
