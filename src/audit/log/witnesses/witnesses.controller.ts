import { Body, Controller, Get, Param, Post, Put, Res, type PipeTransform } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../../../identity/index.js';
import {
  AppException,
  Created,
  IdParam,
  int64,
  Operation,
  RequestExample,
  SkipIdempotency,
} from '../../../platform/index.js';
import {
  CosignatureDto,
  RegisterWitnessDto,
  SubmitCosignatureDto,
  WitnessDto,
  WitnessPageDto,
} from '../dto/witness.dto.js';
import { CosignaturesService } from './cosignatures.service.js';
import { WitnessesService } from './witnesses.service.js';

/** A checkpoint's tree size in a path: 0 to 2^53 − 1 in decimal; anything else 400 VALIDATION_FAILED naming it. */
const TREE_SIZE: PipeTransform<string, number> = {
  transform: (value) => {
    const size = /^(0|[1-9][0-9]{0,15})$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(size))
      throw AppException.validation([{ field: 'treeSize', message: 'must be an integer from 0 to 9007199254740991' }]);
    return size;
  },
};

/** The parties' witness keys and their cosignatures of the log's checkpoints. */
@ApiTags('log')
@Controller('log')
export class WitnessesController {
  constructor(
    private readonly witnesses: WitnessesService,
    private readonly cosignatures: CosignaturesService,
  ) {}

  @Get('witnesses')
  @Access({ apiClients: true })
  @Operation({
    id: 'listWitnesses',
    summary: "List the parties' witness keys",
    description:
      "Every party's registered witness key (one page: one row per party), to check the cosignatures on a checkpoint. Any signed-in user or API client.",
  })
  @ApiOkResponse({ type: WitnessPageDto, description: "Every party's witness key (one page: one row per party)." })
  list(): Promise<WitnessPageDto> {
    return this.witnesses.list();
  }

  /** Creates or replaces the party's witness key (a cosignature/v1 verifier key, type 0x04). */
  @Put('witnesses/:partyId')
  @Access({ roles: ['admin'] })
  @Operation({
    id: 'registerWitness',
    summary: "Register a party's witness key",
    description:
      "Creates or replaces the party's witness key (a cosignature/v1 verifier key, type 0x04, c2sp.org/tlog-cosignature): the key its witness signs checkpoints with. Admins only. Errors: 400 `VALIDATION_FAILED` naming `verifierKey`, 404 `NOT_FOUND`, 409 `WITNESS_KEY_TAKEN`.",
  })
  @RequestExample(RegisterWitnessDto, {
    summary: "A party's witness key",
    value: { verifierKey: 'lb.example/witness+1d647ce2+BDUUyFtmx+TLdTBmhwBiivxqvpv1l+MnkPx0YYHQ7qm2' },
  })
  @ApiOkResponse({ type: WitnessDto, description: 'The key now registered (created or replaced).' })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED naming `partyId` (not a UUID) or `verifierKey` (malformed, or not of type 0x04 cosignature/v1).',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no party has this id.' })
  @ApiConflictResponse({ description: "WITNESS_KEY_TAKEN: another party's key has this name or key." })
  register(
    @IdParam('partyId', "The party's id (`id` in GET /api/v1/parties).") partyId: string,
    @Body() dto: RegisterWitnessDto,
  ): Promise<WitnessDto> {
    return this.witnesses.register(partyId, dto);
  }

  @Get('witnesses/:partyId/cosignatures/:treeSize')
  @Access({ apiClients: true })
  @Operation({
    id: 'getCosignature',
    summary: "Read a party's cosignature of a checkpoint",
    description:
      "The cosignature a party's witness gave the checkpoint of this tree size, as stored: where `Location` points after a cosignature is submitted. Any signed-in user or API client. Errors: 400 `VALIDATION_FAILED` naming `partyId` or `treeSize`, 404 `NOT_FOUND` (the party has not cosigned that checkpoint).",
  })
  @ApiParam({ name: 'treeSize', schema: { ...int64() }, description: 'The tree size of the checkpoint cosigned.' })
  @ApiOkResponse({ type: CosignatureDto, description: 'The cosignature as stored.' })
  getCosignature(
    @IdParam('partyId', "The party's id (`id` in GET /api/v1/parties).") partyId: string,
    @Param('treeSize', TREE_SIZE) treeSize: number,
  ): Promise<CosignatureDto> {
    return this.cosignatures.get(partyId, treeSize);
  }

  /**
   * Stores a party's cosignature of one of the log's checkpoints once the log has checked it
   * (c2sp.org/tlog-cosignature; RFC 9162 §2.1.4 against the party's previous one). Any signed-in
   * user or API client may post it (a party's verifier runs unattended with an API key): the
   * signature is what speaks for the party. Sending it again is harmless: 201 when this request
   * stored it, 200 with the stored one when the party had already cosigned that checkpoint
   * (RFC 9110 §15.3.2: 201 only for a resource created now).
   */
  @Post('cosignatures')
  @Access({ apiClients: true, apiClientWrites: true })
  @Operation({
    id: 'submitCosignature',
    summary: 'Submit a cosignature of a checkpoint',
    description:
      "A party's witness cosigns one of the log's checkpoints: the log checks the signature against the party's registered key and that the checkpoint extends the one the party cosigned before, then stores it. Any signed-in user or API client may post it (the signature speaks for the party). Sending it again is harmless: 201 when stored now, 200 with the stored one. Errors: 400 `VALIDATION_FAILED`, `COSIGNATURE_INVALID`; 403 `WITNESS_KEY_UNKNOWN`; 409 `CHECKPOINT_UNKNOWN`, `CHECKPOINT_ROLLBACK`, `CHECKPOINT_INCONSISTENT`.",
  })
  @RequestExample(SubmitCosignatureDto, {
    summary: "A witness's cosignature",
    value: {
      checkpoint: 'tansiq.example/audit-log\n42\nqs8rFjPw7pcF/BvK2eDk3Jg+8pbxYG1wIfEGb4zN9rE=\n',
      cosignature: '— lb.example/witness HWR84gAAAABnR2ZQ…',
    },
    replace: {
      checkpoint:
        'the checkpoint text: GET /api/v1/log/checkpoint with `Accept: text/plain`, up to and including the blank line.',
      cosignature:
        "your witness's signature line over it, made with the private half of the party's registered witness key.",
    },
  })
  // The same cosignature again answers the stored one by itself: no key needed.
  @SkipIdempotency()
  @Created({
    type: CosignatureDto,
    at: '/api/v1/log/witnesses/:partyId/cosignatures/:treeSize',
    description: 'Stored now: the cosignature as stored.',
  })
  @ApiOkResponse({
    type: CosignatureDto,
    description:
      'Already stored: the party had cosigned this checkpoint (this cosignature or another timestamp of it); the stored one, nothing changed.',
  })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED naming `checkpoint` or `cosignature` (malformed, not one signature line, or timestamped more than 10 minutes ahead); COSIGNATURE_INVALID: the line does not verify over the checkpoint with the witness key it names.',
  })
  @ApiForbiddenResponse({
    description: "WITNESS_KEY_UNKNOWN: no party's registered witness key has the line's key name and key ID.",
  })
  @ApiConflictResponse({
    description:
      'CHECKPOINT_UNKNOWN (not a checkpoint this log signed), CHECKPOINT_ROLLBACK (smaller than one the party cosigned), CHECKPOINT_INCONSISTENT (the log cannot prove it extends what the party cosigned).',
  })
  async cosign(
    @Body() dto: SubmitCosignatureDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CosignatureDto> {
    const { cosignature, created } = await this.cosignatures.submit(dto);
    void reply.status(created ? 201 : 200);
    return cosignature;
  }
}
