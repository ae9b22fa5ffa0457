import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WorkTracking1795918743194 implements MigrationInterface {
  name = 'WorkTracking1795918743194';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "committee_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "time_zone" text NOT NULL, "place" text NOT NULL, "agenda" text NOT NULL DEFAULT '', "minutes" text NOT NULL DEFAULT '', CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "meetings_committee_starts_idx" ON "meetings"  ("committee_id", "starts_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "number" integer NOT NULL, "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_48eee6fa229cd5e43648f6a2ec3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "decisions_meeting_number_key" ON "decisions"  ("meeting_id", "number") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."assignment_priority" AS ENUM('low', 'normal', 'high', 'urgent')`);
    await queryRunner.query(
      `CREATE TYPE "public"."assignment_status" AS ENUM('open', 'in_progress', 'blocked', 'done', 'cancelled')`,
    );
    await queryRunner.query(
      `CREATE TABLE "assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "committee_id" uuid NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "issue_area_id" uuid, "priority" "public"."assignment_priority" NOT NULL DEFAULT 'normal', "due_on" date, "raising_party_id" uuid, "border_sector" text, "status" "public"."assignment_status" NOT NULL DEFAULT 'open', "source_decision_id" uuid, "created_by_id" uuid, CONSTRAINT "PK_c54ca359535e0012b04dcbd80ee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "assignments_status_idx" ON "assignments"  ("status") `);
    await queryRunner.query(`CREATE INDEX "assignments_source_decision_idx" ON "assignments"  ("source_decision_id") `);
    await queryRunner.query(
      `CREATE INDEX "assignments_committee_due_idx" ON "assignments"  ("committee_id", "due_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assignment_assignees" ("assignment_id" uuid NOT NULL, "person_id" uuid NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e6adaf0012e8be4fbd962bc6fce" PRIMARY KEY ("assignment_id", "person_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "assignment_assignees_person_idx" ON "assignment_assignees"  ("person_id") `);
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("seq" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "action" text NOT NULL, "entity" text NOT NULL, "entity_id" text NOT NULL, "changes" jsonb NOT NULL, "request_id" text, "prev_hash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "PK_6e299f5706e715265416fefe53e" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(`CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"  ("occurred_at") `);
    await queryRunner.query(`CREATE INDEX "audit_events_entity_idx" ON "audit_events"  ("entity", "entity_id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."commitment_status" AS ENUM('pending', 'in_progress', 'fulfilment_claimed', 'fulfilled', 'withdrawn')`,
    );
    await queryRunner.query(
      `CREATE TABLE "commitments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "committee_id" uuid NOT NULL, "owner_party_id" uuid NOT NULL, "agency_id" uuid, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "issue_area_id" uuid, "due_on" date, "progress" smallint NOT NULL DEFAULT '0', "source_decision_id" uuid, "status" "public"."commitment_status" NOT NULL DEFAULT 'pending', "created_by_id" uuid, CONSTRAINT "commitments_progress_range" CHECK (progress BETWEEN 0 AND 100), CONSTRAINT "PK_82060edcfe810ce82b7565521af" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "commitments_owner_party_idx" ON "commitments"  ("owner_party_id") `);
    await queryRunner.query(`CREATE INDEX "commitments_source_decision_idx" ON "commitments"  ("source_decision_id") `);
    await queryRunner.query(`CREATE INDEX "commitments_status_idx" ON "commitments"  ("status") `);
    await queryRunner.query(
      `CREATE INDEX "commitments_committee_due_idx" ON "commitments"  ("committee_id", "due_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("scope_key" text NOT NULL, "request_hash" text NOT NULL, "response_status" integer, "response_body" jsonb, "response_headers" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b3d1fb122b4ff73edcc045df3b6" PRIMARY KEY ("scope_key"))`,
    );
    await queryRunner.query(`CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"  ("created_at") `);
    await queryRunner.query(
      `CREATE TABLE "updates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid, "commitment_id" uuid, "author_user_id" uuid, "author_person_id" uuid, "body" text NOT NULL, "progress" smallint, "from_status" text, "to_status" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "updates_progress_range" CHECK (progress IS NULL OR progress BETWEEN 0 AND 100), CONSTRAINT "updates_one_subject" CHECK ((assignment_id IS NULL) <> (commitment_id IS NULL)), CONSTRAINT "PK_6029912acac4189b62b8b57c880" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "updates_commitment_idx" ON "updates"  ("commitment_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "updates_assignment_idx" ON "updates"  ("assignment_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "meeting_attendees" ("meeting_id" uuid NOT NULL, "person_id" uuid NOT NULL, CONSTRAINT "PK_ba2e66c528684ca546445e643de" PRIMARY KEY ("meeting_id", "person_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8643679c49d7234b266433bc20" ON "meeting_attendees"  ("meeting_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_df1116f32260ff67d5f3a4c429" ON "meeting_attendees"  ("person_id") `);
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD CONSTRAINT "FK_c5fa1d306cdc7ef7da4d72af6a3" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "decisions" ADD CONSTRAINT "FK_449b70492ca79d469c415a714f3" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "FK_4d42b219d83cbd214e3529dd266" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "FK_c72bef208fbc106aacdfbdd8811" FOREIGN KEY ("issue_area_id") REFERENCES "issue_areas"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "FK_8c099eb3851c475825a829aa45d" FOREIGN KEY ("raising_party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "FK_a151a3c3bfb42e7136deab5e2b4" FOREIGN KEY ("source_decision_id") REFERENCES "decisions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_assignees" ADD CONSTRAINT "FK_4828da3955fa0b2ddf60c0648ec" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_assignees" ADD CONSTRAINT "FK_3970b46b47e69270d56b3120da8" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commitments" ADD CONSTRAINT "FK_cbc876b9ee9468d4a89f980a7bf" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commitments" ADD CONSTRAINT "FK_2407a94b16c462ad4ba273b0ca4" FOREIGN KEY ("owner_party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commitments" ADD CONSTRAINT "FK_073d51f7d8d02f0447b73eb59ce" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commitments" ADD CONSTRAINT "FK_1e51af50590de8fd85d4e8276fb" FOREIGN KEY ("issue_area_id") REFERENCES "issue_areas"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commitments" ADD CONSTRAINT "FK_5160930a83ab7216f3de760a03c" FOREIGN KEY ("source_decision_id") REFERENCES "decisions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "updates" ADD CONSTRAINT "FK_d375f7a01db8edc65ce5830cad2" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "updates" ADD CONSTRAINT "FK_1316660bf37b8889139be69854c" FOREIGN KEY ("commitment_id") REFERENCES "commitments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_attendees" ADD CONSTRAINT "FK_8643679c49d7234b266433bc201" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_attendees" ADD CONSTRAINT "FK_df1116f32260ff67d5f3a4c429b" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );

    // Append-only tables: timeline updates and the audit trail refuse UPDATE, DELETE and
    // TRUNCATE from everyone, the application's role included (a trigger, not privileges,
    // so that it holds whatever role the deployment connects as).
    await queryRunner.query(`CREATE FUNCTION tansiq_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
      END $$`);
    for (const table of ['updates', 'audit_events']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION tansiq_append_only()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION tansiq_append_only()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['updates', 'audit_events']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION tansiq_append_only()`);
    await queryRunner.query(`ALTER TABLE "meeting_attendees" DROP CONSTRAINT "FK_df1116f32260ff67d5f3a4c429b"`);
    await queryRunner.query(`ALTER TABLE "meeting_attendees" DROP CONSTRAINT "FK_8643679c49d7234b266433bc201"`);
    await queryRunner.query(`ALTER TABLE "updates" DROP CONSTRAINT "FK_1316660bf37b8889139be69854c"`);
    await queryRunner.query(`ALTER TABLE "updates" DROP CONSTRAINT "FK_d375f7a01db8edc65ce5830cad2"`);
    await queryRunner.query(`ALTER TABLE "commitments" DROP CONSTRAINT "FK_5160930a83ab7216f3de760a03c"`);
    await queryRunner.query(`ALTER TABLE "commitments" DROP CONSTRAINT "FK_1e51af50590de8fd85d4e8276fb"`);
    await queryRunner.query(`ALTER TABLE "commitments" DROP CONSTRAINT "FK_073d51f7d8d02f0447b73eb59ce"`);
    await queryRunner.query(`ALTER TABLE "commitments" DROP CONSTRAINT "FK_2407a94b16c462ad4ba273b0ca4"`);
    await queryRunner.query(`ALTER TABLE "commitments" DROP CONSTRAINT "FK_cbc876b9ee9468d4a89f980a7bf"`);
    await queryRunner.query(`ALTER TABLE "assignment_assignees" DROP CONSTRAINT "FK_3970b46b47e69270d56b3120da8"`);
    await queryRunner.query(`ALTER TABLE "assignment_assignees" DROP CONSTRAINT "FK_4828da3955fa0b2ddf60c0648ec"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "FK_a151a3c3bfb42e7136deab5e2b4"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "FK_8c099eb3851c475825a829aa45d"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "FK_c72bef208fbc106aacdfbdd8811"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "FK_4d42b219d83cbd214e3529dd266"`);
    await queryRunner.query(`ALTER TABLE "decisions" DROP CONSTRAINT "FK_449b70492ca79d469c415a714f3"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_c5fa1d306cdc7ef7da4d72af6a3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_df1116f32260ff67d5f3a4c429"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8643679c49d7234b266433bc20"`);
    await queryRunner.query(`DROP TABLE "meeting_attendees"`);
    await queryRunner.query(`DROP INDEX "public"."updates_assignment_idx"`);
    await queryRunner.query(`DROP INDEX "public"."updates_commitment_idx"`);
    await queryRunner.query(`DROP TABLE "updates"`);
    await queryRunner.query(`DROP INDEX "public"."idempotency_keys_created_at_idx"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP INDEX "public"."commitments_committee_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."commitments_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."commitments_source_decision_idx"`);
    await queryRunner.query(`DROP INDEX "public"."commitments_owner_party_idx"`);
    await queryRunner.query(`DROP TABLE "commitments"`);
    await queryRunner.query(`DROP TYPE "public"."commitment_status"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_entity_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_occurred_at_idx"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP INDEX "public"."assignment_assignees_person_idx"`);
    await queryRunner.query(`DROP TABLE "assignment_assignees"`);
    await queryRunner.query(`DROP INDEX "public"."assignments_committee_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."assignments_source_decision_idx"`);
    await queryRunner.query(`DROP INDEX "public"."assignments_status_idx"`);
    await queryRunner.query(`DROP TABLE "assignments"`);
    await queryRunner.query(`DROP TYPE "public"."assignment_status"`);
    await queryRunner.query(`DROP TYPE "public"."assignment_priority"`);
    await queryRunner.query(`DROP INDEX "public"."decisions_meeting_number_key"`);
    await queryRunner.query(`DROP TABLE "decisions"`);
    await queryRunner.query(`DROP INDEX "public"."meetings_committee_starts_idx"`);
    await queryRunner.query(`DROP TABLE "meetings"`);
  }
}
