import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RateLimits1795916970642 implements MigrationInterface {
  name = 'RateLimits1795916970642';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limit_buckets" ("key" text NOT NULL, "hits" integer NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9eb2f8a2ae370667b4ca83dd313" PRIMARY KEY ("key"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limit_buckets"`);
  }
}
