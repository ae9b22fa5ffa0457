import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions end as a whole: `ended_at` is set when a session ends (logout, reuse detection, a
 * password change, deactivation), and its access tokens stop working with it. A session whose
 * every refresh token is already revoked has ended: it ends at its last revocation.
 */
export class SessionEnd1795959782864 implements MigrationInterface {
  name = 'SessionEnd1795959782864';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_sessions" ADD "ended_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `UPDATE "auth_sessions" s SET "ended_at" = r."last_revoked_at"
         FROM (SELECT "family_id", max("revoked_at") AS "last_revoked_at" FROM "refresh_tokens"
                GROUP BY "family_id" HAVING bool_and("revoked_at" IS NOT NULL)) r
        WHERE r."family_id" = s."id"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP COLUMN "ended_at"`);
  }
}
