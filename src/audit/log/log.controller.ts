import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../../identity/index.js';
import { Operation, Public, represent } from '../../platform/index.js';
import {
  CheckpointDto,
  CheckpointQueryDto,
  ConsistencyProofDto,
  ConsistencyProofQueryDto,
  InclusionProofDto,
  InclusionProofQueryDto,
  LogKeyDto,
} from './dto/log.dto.js';
import { LOG_VERIFIER_KEY_MAX_LENGTH, NOTE_MAX_LENGTH } from './dto/bounds.js';
import { LogService } from './log.service.js';

/** Both representations of a route, for the OpenAPI document (the first is the default). */
const textOrJson = (
  description: string,
  text: { description: string; example: string; maxLength: number },
  json: string,
) =>
  ApiOkResponse({
    description,
    content: {
      'text/plain': { schema: { type: 'string', ...text } },
      'application/json': { schema: { $ref: getSchemaPath(json) } },
    },
  });

/**
 * What an `Accept` the route cannot serve gets: the default representation, never 406
 * (RFC 9110 §12.5.1 lets the server disregard an Accept it cannot honour; platform/http/accept.ts).
 */
const ANY_OTHER_ACCEPT = ' Any other Accept (`image/png`, …) gets the default representation: never 406.';

/**
 * The verifiable log (docs/verifiable-log.md): its key, its signed checkpoints with the
 * parties' cosignatures, and RFC 9162 proofs. Witness keys and cosignatures: witnesses/.
 */
@ApiTags('log')
@ApiExtraModels(LogKeyDto, CheckpointDto)
@Controller('log')
export class LogController {
  constructor(private readonly log: LogService) {}

  /**
   * The log's verifier key: `text/plain` (the key, one line) unless `Accept` prefers
   * `application/json` (`{ origin, verifierKey }`). Public: anyone may check a checkpoint.
   */
  @Get('key')
  @Public()
  @Operation({
    id: 'getLogKey',
    summary: "Read the log's verifier key",
    description:
      "The verifiable log's public key (a signed-note verifier key), to check its checkpoints and proofs offline (docs/verifiable-log.md). `text/plain` by default; JSON when `Accept` prefers `application/json`. No credentials needed.",
  })
  @textOrJson(
    "The log's verifier key. `text/plain` (default): the key and a newline; `application/json` when Accept prefers it." +
      ANY_OTHER_ACCEPT,
    {
      description: '`<origin>+<8 hex key ID>+<base64(0x01 || Ed25519 public key)>` and a newline.',
      example: 'tansiq.example/audit-log+1a2b3c4d+AUmpqc0NtxtZ9JWh/vJ1lTDOY3gTvsdpOQHQXYmWkJ9f\n',
      maxLength: LOG_VERIFIER_KEY_MAX_LENGTH + 1,
    },
    'LogKeyDto',
  )
  key(
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): LogKeyDto | string {
    const key = this.log.key();
    return represent<LogKeyDto | string>(reply, accept, {
      'text/plain': () => `${key.verifierKey}\n`,
      'application/json': () => key,
    });
  }

  /**
   * The latest signed checkpoint (or `?treeSize=`): JSON by default, the signed note alone
   * when `Accept` prefers `text/plain`.
   */
  @Get('checkpoint')
  @Access({ apiClients: true })
  @Operation({
    id: 'getCheckpoint',
    summary: 'Read a signed checkpoint',
    description:
      "The log's latest signed checkpoint (tree size and root hash), or the one of `treeSize`, with the parties' cosignatures. JSON by default; the signed note alone when `Accept` prefers `text/plain`. Any signed-in user or API client. Errors: 400 `VALIDATION_FAILED`, 404 `CHECKPOINT_NOT_FOUND`.",
  })
  @ApiOkResponse({
    description:
      'The checkpoint. `application/json` (default): `CheckpointDto`; `text/plain` when Accept prefers it: the signed note (`note`) alone.' +
      ANY_OTHER_ACCEPT,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CheckpointDto) } },
      'text/plain': {
        schema: {
          type: 'string',
          description: "The signed note: checkpoint text, blank line, the log's signature, the cosignatures.",
          maxLength: NOTE_MAX_LENGTH,
        },
      },
    },
  })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED naming `treeSize` (not an integer from 0 to 2^53 − 1) or an unknown parameter.',
  })
  @ApiNotFoundResponse({ description: 'CHECKPOINT_NOT_FOUND: none signed yet, or none of `treeSize`.' })
  async checkpoint(
    @Query() query: CheckpointQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CheckpointDto | string> {
    const checkpoint = await this.log.checkpoint(query.treeSize);
    return represent<CheckpointDto | string>(reply, accept, {
      'application/json': () => checkpoint,
      'text/plain': () => checkpoint.note,
    });
  }

  /**
   * RFC 9162 §2.1.3.1 inclusion proof of leaf `index` in the tree of the first `treeSize`
   * leaves; any `treeSize` from 1 up to the log's current size (400 naming it otherwise; 400
   * naming `index` when it is not below `treeSize`).
   */
  @Get('proof/inclusion')
  @Access({ apiClients: true })
  @Operation({
    id: 'getInclusionProof',
    summary: 'Prove that an event is in the log',
    description:
      'RFC 9162 inclusion proof of leaf `index` in the tree of the first `treeSize` leaves (take `treeSize` from a checkpoint). Any signed-in user or API client. Errors: 400 `VALIDATION_FAILED` naming `index` or `treeSize`.',
  })
  @ApiOkResponse({
    type: InclusionProofDto,
    description: 'The inclusion proof (RFC 9162 §2.1.3) of the leaf in the tree of the size asked.',
  })
  @ApiBadRequestResponse({
    description:
      "VALIDATION_FAILED naming `treeSize` (missing, not an integer from 1 to 2^53 − 1, or beyond the log's current size), `index` (missing, not an integer from 0 to 2^53 − 1, or not below `treeSize`) or an unknown parameter.",
  })
  inclusion(@Query() query: InclusionProofQueryDto): Promise<InclusionProofDto> {
    return this.log.inclusionProof(query);
  }

  /**
   * RFC 9162 §2.1.4.1 consistency proof between the first `from` and the first `to` leaves;
   * 0 ≤ from ≤ to ≤ the log's current size (400 naming the field otherwise).
   */
  @Get('proof/consistency')
  @Access({ apiClients: true })
  @Operation({
    id: 'getConsistencyProof',
    summary: 'Prove that the log only grew',
    description:
      'RFC 9162 consistency proof between the tree of the first `from` leaves and the one of the first `to` (two checkpoints you hold). Any signed-in user or API client. Errors: 400 `VALIDATION_FAILED` naming `from` or `to`.',
  })
  @ApiOkResponse({
    type: ConsistencyProofDto,
    description: 'The consistency proof (RFC 9162 §2.1.4) between the two tree sizes asked.',
  })
  @ApiBadRequestResponse({
    description:
      "VALIDATION_FAILED naming `to` (missing, not an integer from 0 to 2^53 − 1, or beyond the log's current size), `from` (missing, not such an integer, or above `to`) or an unknown parameter.",
  })
  consistency(@Query() query: ConsistencyProofQueryDto): Promise<ConsistencyProofDto> {
    return this.log.consistencyProof(query);
  }
}
