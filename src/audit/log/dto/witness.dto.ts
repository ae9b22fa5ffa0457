import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PageOf } from '../../../platform/index.js';

export class RegisterWitnessDto {
  @ApiProperty({
    example: 'lb.example/witness+3c2f1e0a+BPzd0B7MBS7XbDyYqf4KfUy4RLwEqxAzHNs2pcl1BxbD',
    description:
      "The party's witness key: a verifier key of type 0x04, cosignature/v1 (c2sp.org/tlog-cosignature), `<name>+<8 hex key ID>+<base64(0x04 || Ed25519 public key)>`. Its name must differ from every other party's.",
  })
  @IsString()
  @MaxLength(500)
  verifierKey!: string;
}

export class WitnessDto {
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty({ example: 'LB' }) partyCode!: string;
  @ApiProperty({ example: 'lb.example/witness' }) keyName!: string;
  @ApiProperty() verifierKey!: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'When this key was registered (or last replaced).' })
  registeredAt!: string;
}

/** Every party's key at once: one row per party, so the page is never cut (`nextCursor` is null). */
export class WitnessPageDto extends PageOf(WitnessDto) {}

export class SubmitCosignatureDto {
  @ApiProperty({
    example: 'tansiq.example/audit-log\n42\nqs8rFjPw7pcF/BvK2eDk3Jg+8pbxYG1wIfEGb4zN9rE=\n',
    description:
      'The checkpoint note text as the log signed it (the `note` up to and including the newline before the blank line): origin, size and base64 root, one per line, each ending in \\n.',
  })
  @IsString()
  @MaxLength(2000)
  checkpoint!: string;

  @ApiProperty({
    example: '— lb.example/witness PC8eCgAAAABnR2ZQ…',
    description:
      "The witness's signature line over it (c2sp.org/tlog-cosignature): `— <key name> base64(key ID || 8-byte timestamp || Ed25519 signature)`, with or without its final newline.",
  })
  @IsString()
  @MaxLength(1000)
  cosignature!: string;
}

export class CosignatureDto {
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty({ example: 'LB' }) partyCode!: string;
  @ApiProperty() keyName!: string;
  @ApiProperty({ description: 'The witness key the cosignature was checked with (the one registered then).' })
  verifierKey!: string;
  @ApiProperty({ type: 'integer' }) treeSize!: number;
  @ApiProperty({ type: 'string', format: 'byte', description: 'Base64.' }) rootHash!: string;
  @ApiProperty({ description: 'The signature line as stored (without newline).' }) cosignature!: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: "The cosignature's own timestamp." })
  cosignedAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'When the log stored it.' }) receivedAt!: string;
}
