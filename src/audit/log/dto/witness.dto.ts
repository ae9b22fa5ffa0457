import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PageOf, int64, text } from '../../../platform/index.js';
import { PARTY_CODE } from '../../../registry/index.js';
import { WITNESS_KEY_MAX_LENGTH, hash } from './bounds.js';

/** The checkpoint text a witness sends back. */
const CHECKPOINT_INPUT_MAX_LENGTH = 2000;
/** A cosignature line, as sent and as stored. */
const COSIGNATURE_MAX_LENGTH = 1000;

export class RegisterWitnessDto {
  @ApiProperty({
    example: 'lb.example/witness+1d647ce2+BDUUyFtmx+TLdTBmhwBiivxqvpv1l+MnkPx0YYHQ7qm2',
    description:
      "The party's witness key: a verifier key of type 0x04, cosignature/v1 (c2sp.org/tlog-cosignature), `<name>+<8 hex key ID>+<base64(0x04 || Ed25519 public key)>`. Its name must differ from every other party's.",
  })
  @IsString()
  @MaxLength(WITNESS_KEY_MAX_LENGTH)
  verifierKey!: string;
}

export class WitnessDto {
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty({ example: 'LB', ...text(PARTY_CODE.max, PARTY_CODE.min) }) partyCode!: string;
  @ApiProperty({ example: 'lb.example/witness', ...text(WITNESS_KEY_MAX_LENGTH, 1) }) keyName!: string;
  @ApiProperty(text(WITNESS_KEY_MAX_LENGTH)) verifierKey!: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'When this key was registered (or last replaced).' })
  registeredAt!: string;
}

/** Every party's key at once: one row per party, so the page is never cut (`nextCursor` is null). */
export class WitnessPageDto extends PageOf(WitnessDto, { maxItems: null }) {}

export class SubmitCosignatureDto {
  @ApiProperty({
    example: 'tansiq.example/audit-log\n42\nqs8rFjPw7pcF/BvK2eDk3Jg+8pbxYG1wIfEGb4zN9rE=\n',
    description:
      'The checkpoint note text as the log signed it (the `note` up to and including the newline before the blank line): origin, size and base64 root, one per line, each ending in \\n.',
  })
  @IsString()
  @MaxLength(CHECKPOINT_INPUT_MAX_LENGTH)
  checkpoint!: string;

  @ApiProperty({
    example: '— lb.example/witness PC8eCgAAAABnR2ZQ…',
    description:
      "The witness's signature line over it (c2sp.org/tlog-cosignature): `— <key name> base64(key ID || 8-byte timestamp || Ed25519 signature)`, with or without its final newline.",
  })
  @IsString()
  @MaxLength(COSIGNATURE_MAX_LENGTH)
  cosignature!: string;
}

export class CosignatureDto {
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty({ example: 'LB', ...text(PARTY_CODE.max, PARTY_CODE.min) }) partyCode!: string;
  @ApiProperty(text(WITNESS_KEY_MAX_LENGTH, 1)) keyName!: string;
  @ApiProperty({
    description: 'The witness key the cosignature was checked with (the one registered then).',
    ...text(WITNESS_KEY_MAX_LENGTH),
  })
  verifierKey!: string;
  @ApiProperty(int64()) treeSize!: number;
  @ApiProperty(hash('Base64.')) rootHash!: string;
  @ApiProperty({ description: 'The signature line as stored (without newline).', ...text(COSIGNATURE_MAX_LENGTH) })
  cosignature!: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: "The cosignature's own timestamp." })
  cosignedAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'When the log stored it.' }) receivedAt!: string;
}
