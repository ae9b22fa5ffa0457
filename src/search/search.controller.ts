import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '../identity/index.js';
import { Operation } from '../platform/index.js';
import { SearchPageDto, SearchQueryDto } from './dto/search.dto.js';
import { SearchService } from './search.service.js';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly searchService: SearchService) {}

  @Get()
  @Access({ apiClients: true })
  @Operation({
    id: 'search',
    summary: 'Search everything you may see',
    description:
      'Finds people, committees, meetings, decisions, assignments, commitments and timeline entries whose text matches `q` (English or Arabic, folded as the lists’ `q`; people also by the Latin spelling of their name), among the records the caller may see: the committees they sit on (admins and analysts: all; API clients: theirs) and the people of those committees, themselves included. Ranked by relevance (a match in a title or name first), each hit with its `type`, `id`, `committeeId`, a `title` and a `snippet` with the matching words between ⟦ and ⟧. Cursor paging: `nextCursor` or `Link: rel="next"`. Any signed-in user or API client. Errors: 400 `VALIDATION_FAILED` (no `q`, a `q` over 200 characters, an unknown `type`, a cursor of another search order).',
  })
  @ApiOkResponse({ type: SearchPageDto })
  search(@CurrentPrincipal() principal: Principal, @Query() query: SearchQueryDto): Promise<SearchPageDto> {
    return this.searchService.search(principal, query);
  }
}
