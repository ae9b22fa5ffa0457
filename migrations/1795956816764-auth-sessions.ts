import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions: one row per refresh-token family, recording when the user last proved their
 * password in it (sudo mode). Families that exist already become sessions signed in when
 * their first token was issued, which is when their sign-in happened. Refresh tokens also
 * keep the `jti` and `iat` of the access token issued with them, so a rotation repeated
 * within the reuse interval can answer with the same access token.
 */
export class AuthSessions1795956816764 implements MigrationInterface {
  name = 'AuthSessions1795956816764';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth_sessions" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "authenticated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_641507381f32580e8479efc36cd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "auth_sessions_user_id_idx" ON "auth_sessions"  ("user_id") `);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "access_token_id" uuid`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "access_token_issued_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `INSERT INTO "auth_sessions" ("id", "user_id", "authenticated_at", "created_at")
       SELECT DISTINCT ON ("family_id") "family_id", "user_id", "created_at", "created_at"
         FROM "refresh_tokens" ORDER BY "family_id", "created_at"`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth_sessions" ADD CONSTRAINT "FK_50ccaa6440288a06f0ba693ccc6" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_d5e27da0cd39bc3bb2811fc8bac" FOREIGN KEY ("family_id") REFERENCES "auth_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_d5e27da0cd39bc3bb2811fc8bac"`);
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP CONSTRAINT "FK_50ccaa6440288a06f0ba693ccc6"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "access_token_issued_at"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "access_token_id"`);
    await queryRunner.query(`DROP INDEX "public"."auth_sessions_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "auth_sessions"`);
  }
}
