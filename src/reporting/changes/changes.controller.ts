import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentPrincipal, type Principal } from '../../identity/index.js';
import { Operation, nextLink } from '../../platform/index.js';
import { ChangesService } from './changes.service.js';
import { ChangePageDto, ListChangesQueryDto } from './dto/change.dto.js';

@ApiTags('changes')
@Controller('changes')
export class ChangesController {
  constructor(private readonly changes: ChangesService) {}

  @Get()
  @Access({ apiClients: true })
  @Operation({
    id: 'listChanges',
    summary: 'Poll the changes you may see',
    description:
      'The changes (creates, updates, deletions) of the records the caller may see, in commit order: poll with the `nextCursor` of the previous answer as `after` (or follow `Link: rel="next"`), and you never miss a change nor get one twice, however transactions interleave. A change shows up here once the verifiable log has sequenced it, about a second after its commit. Scope: a committee\'s records for whoever may see the committee (an API client its committees), people as the people list shows them, reference data and witness keys for everyone, accounts and API clients for admins. Filters: `entity`, `committeeId`. `caughtUp: false` means more is waiting now. Any signed-in user or API client. Errors: 400 `VALIDATION_FAILED` (an `after` past the end of the log among them), 404 `NOT_FOUND` (a `committeeId` out of sight).',
  })
  @ApiOkResponse({ type: ChangePageDto })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListChangesQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChangePageDto> {
    const page = await this.changes.list(principal, query);
    // The next poll: this request with `after` set (the lists' Link names `cursor`).
    void reply.header('link', `<${nextLink(request.url, page.nextCursor, 'after')}>; rel="next"`);
    return page;
  }
}
