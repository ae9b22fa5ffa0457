/**
 * The search context's public surface: one search across every record type a caller may
 * see (GET /api/v1/search). It sits above work and reads the lower contexts' tables through
 * their search indexes, with the scope rules of identity's access layer (docs/architecture.md).
 */
export { SearchModule } from './search.module.js';
export { SEARCH_TYPES, type SearchType } from './search-sources.js';
export { SearchHitDto, SearchPageDto, SearchQueryDto } from './dto/search.dto.js';
