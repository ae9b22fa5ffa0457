import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Registry1795918074469 implements MigrationInterface {
  name = 'Registry1795918074469';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "parties" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "code" text NOT NULL, "name_en" text NOT NULL, "name_ar" text NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_da698299dca60d55f0050dde935" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "parties_code_key" ON "parties"  ("code") `);
    await queryRunner.query(
      `CREATE TABLE "agencies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "party_id" uuid NOT NULL, "code" text NOT NULL, "name_en" text NOT NULL, "name_ar" text NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_8ab1f1f53f56c8255b0d7e68b28" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "agencies_party_code_key" ON "agencies"  ("party_id", "code") `);
    await queryRunner.query(
      `CREATE TABLE "issue_areas" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "code" text NOT NULL, "name_en" text NOT NULL, "name_ar" text NOT NULL, "description" text, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_d128f27f46cf8882a7bfe47833a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "issue_areas_code_key" ON "issue_areas"  ("code") `);
    await queryRunner.query(
      `CREATE TYPE "public"."committee_status" AS ENUM('proposed', 'active', 'suspended', 'dissolved')`,
    );
    await queryRunner.query(
      `CREATE TABLE "committees" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "code" text NOT NULL, "name_en" text NOT NULL, "name_ar" text NOT NULL, "mandate" text NOT NULL DEFAULT '', "status" "public"."committee_status" NOT NULL DEFAULT 'proposed', "established_on" date, "dissolved_on" date, "time_zone" text NOT NULL DEFAULT 'Asia/Beirut', CONSTRAINT "PK_69acdd168edf3e61a2a0b4ed13b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "committees_code_key" ON "committees"  ("code") `);
    await queryRunner.query(`CREATE INDEX "committees_status_idx" ON "committees"  ("status") `);
    await queryRunner.query(
      `CREATE TYPE "public"."membership_role" AS ENUM('co_chair', 'secretary', 'member', 'liaison_officer', 'observer')`,
    );
    await queryRunner.query(
      `CREATE TABLE "memberships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "committee_id" uuid NOT NULL, "person_id" uuid NOT NULL, "party_id" uuid NOT NULL, "role" "public"."membership_role" NOT NULL, "start_on" date NOT NULL, "end_on" date, CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "memberships_committee_id_idx" ON "memberships"  ("committee_id") `);
    await queryRunner.query(`CREATE INDEX "memberships_person_id_idx" ON "memberships"  ("person_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "memberships_one_open_co_chair_per_party" ON "memberships"  ("committee_id", "party_id") WHERE role = 'co_chair' AND end_on IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "committee_parties" ("committee_id" uuid NOT NULL, "party_id" uuid NOT NULL, CONSTRAINT "PK_de23134643c149e272a97158574" PRIMARY KEY ("committee_id", "party_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ff7a5395c1584f064af6041f2d" ON "committee_parties"  ("committee_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_2eb5365a2ab7114162fcc5b5f7" ON "committee_parties"  ("party_id") `);
    await queryRunner.query(
      `CREATE TABLE "committee_issue_areas" ("committee_id" uuid NOT NULL, "issue_area_id" uuid NOT NULL, CONSTRAINT "PK_b5526bb7aae227559c73ffaf16a" PRIMARY KEY ("committee_id", "issue_area_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_19fdae02496e71157a4a3c5059" ON "committee_issue_areas"  ("committee_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_97f553b83e2fe4d364b6ffd659" ON "committee_issue_areas"  ("issue_area_id") `,
    );
    await queryRunner.query(`ALTER TABLE "people" ADD "party_id" uuid NOT NULL`);
    await queryRunner.query(`ALTER TABLE "people" ADD "agency_id" uuid`);
    await queryRunner.query(`ALTER TABLE "people" ADD "rank_title" text`);
    await queryRunner.query(`ALTER TABLE "people" ADD "email" text`);
    await queryRunner.query(`ALTER TABLE "people" ADD "phone" text`);
    await queryRunner.query(`ALTER TABLE "people" ADD "active" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`CREATE INDEX "people_party_id_idx" ON "people"  ("party_id") `);
    await queryRunner.query(`CREATE INDEX "people_agency_id_idx" ON "people"  ("agency_id") `);
    await queryRunner.query(
      `ALTER TABLE "agencies" ADD CONSTRAINT "FK_35a3c7a34f7da80ff2f32a4c21a" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "people" ADD CONSTRAINT "FK_5e87e07d70737219f425c3d87e3" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "people" ADD CONSTRAINT "FK_310c5b11716f23dcf78c8aeff92" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_d555c80faa47b66b94d662435be" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_efc5c4a293123bc6e5fa4306bc4" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "committee_parties" ADD CONSTRAINT "FK_ff7a5395c1584f064af6041f2df" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "committee_parties" ADD CONSTRAINT "FK_2eb5365a2ab7114162fcc5b5f79" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "committee_issue_areas" ADD CONSTRAINT "FK_19fdae02496e71157a4a3c50590" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "committee_issue_areas" ADD CONSTRAINT "FK_97f553b83e2fe4d364b6ffd659f" FOREIGN KEY ("issue_area_id") REFERENCES "issue_areas"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );

    // PostgreSQL 17+ runs index expressions with a safe search_path: qualify the calls.
    const [{ schema }] = (await queryRunner.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
    const fn = (name: string) => `"${schema}".${name}`;
    // Search: one normalisation for stored text and queries (Arabic: alef variants, hamza
    // seats, taa marbuta, alef maqsura, tatweel and diacritics), then english, arabic and
    // simple (prefix) text search over it, indexed with GIN on the expression.
    await queryRunner.query(`CREATE FUNCTION tansiq_normalize(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT lower(regexp_replace(translate(input, 'أإآٱؤئىةـ', 'ااااوييه'), '[\\u064B-\\u065F\\u0670\\u06D6-\\u06ED]', '', 'g'))
      $$`);
    await queryRunner.query(`CREATE FUNCTION tansiq_search_vector(VARIADIC parts text[]) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT to_tsvector('english'::regconfig, t) || to_tsvector('arabic'::regconfig, t) || to_tsvector('simple'::regconfig, t)
          FROM (SELECT ${fn('tansiq_normalize')}(array_to_string(parts, ' ')) AS t) normalised
      $$`);
    await queryRunner.query(`CREATE FUNCTION tansiq_search_query(q text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT plainto_tsquery('english'::regconfig, n) || plainto_tsquery('arabic'::regconfig, n)
               || coalesce((SELECT to_tsquery('simple'::regconfig, string_agg(quote_literal(lexeme) || ':*', ' & '))
                              FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, n))) AS lexeme), ''::tsquery)
          FROM (SELECT ${fn('tansiq_normalize')}(q) AS n) normalised
      $$`);
    await queryRunner.query(
      `CREATE INDEX parties_search_idx ON parties USING gin (tansiq_search_vector(code, name_en, name_ar))`,
    );
    await queryRunner.query(
      `CREATE INDEX agencies_search_idx ON agencies USING gin (tansiq_search_vector(code, name_en, name_ar))`,
    );
    await queryRunner.query(
      `CREATE INDEX issue_areas_search_idx ON issue_areas USING gin (tansiq_search_vector(code, name_en, name_ar, description))`,
    );
    await queryRunner.query(
      `CREATE INDEX people_search_idx ON people USING gin (tansiq_search_vector(name_en, name_ar, rank_title))`,
    );
    await queryRunner.query(
      `CREATE INDEX committees_search_idx ON committees USING gin (tansiq_search_vector(code, name_en, name_ar, mandate))`,
    );

    // Membership rules the database enforces: the member's party (copied from the person)
    // must be a party of the committee, and a dissolved committee takes no new members.
    await queryRunner.query(`CREATE FUNCTION tansiq_check_membership() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE committee_status text;
      BEGIN
        SELECT party_id INTO NEW.party_id FROM people WHERE id = NEW.person_id;
        IF NOT EXISTS (SELECT 1 FROM committee_parties WHERE committee_id = NEW.committee_id AND party_id = NEW.party_id) THEN
          RAISE EXCEPTION 'the member''s party is not a party of the committee' USING ERRCODE = '23514', CONSTRAINT = 'memberships_party_of_committee';
        END IF;
        IF TG_OP = 'INSERT' THEN
          SELECT status INTO committee_status FROM committees WHERE id = NEW.committee_id;
          IF committee_status = 'dissolved' THEN
            RAISE EXCEPTION 'a dissolved committee accepts no new members' USING ERRCODE = '23514', CONSTRAINT = 'memberships_committee_not_dissolved';
          END IF;
        END IF;
        IF NEW.end_on IS NOT NULL AND NEW.end_on < NEW.start_on THEN
          RAISE EXCEPTION 'a membership cannot end before it starts' USING ERRCODE = '23514', CONSTRAINT = 'memberships_dates';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER memberships_check BEFORE INSERT OR UPDATE ON memberships FOR EACH ROW EXECUTE FUNCTION tansiq_check_membership()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER memberships_check ON memberships`);
    await queryRunner.query(`DROP FUNCTION tansiq_check_membership()`);
    for (const table of ['parties', 'agencies', 'issue_areas', 'people', 'committees']) {
      await queryRunner.query(`DROP INDEX ${table}_search_idx`);
    }
    await queryRunner.query(`DROP FUNCTION tansiq_search_query(text)`);
    await queryRunner.query(`DROP FUNCTION tansiq_search_vector(text[])`);
    await queryRunner.query(`DROP FUNCTION tansiq_normalize(text)`);
    await queryRunner.query(`ALTER TABLE "committee_issue_areas" DROP CONSTRAINT "FK_97f553b83e2fe4d364b6ffd659f"`);
    await queryRunner.query(`ALTER TABLE "committee_issue_areas" DROP CONSTRAINT "FK_19fdae02496e71157a4a3c50590"`);
    await queryRunner.query(`ALTER TABLE "committee_parties" DROP CONSTRAINT "FK_2eb5365a2ab7114162fcc5b5f79"`);
    await queryRunner.query(`ALTER TABLE "committee_parties" DROP CONSTRAINT "FK_ff7a5395c1584f064af6041f2df"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_efc5c4a293123bc6e5fa4306bc4"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_d555c80faa47b66b94d662435be"`);
    await queryRunner.query(`ALTER TABLE "people" DROP CONSTRAINT "FK_310c5b11716f23dcf78c8aeff92"`);
    await queryRunner.query(`ALTER TABLE "people" DROP CONSTRAINT "FK_5e87e07d70737219f425c3d87e3"`);
    await queryRunner.query(`ALTER TABLE "agencies" DROP CONSTRAINT "FK_35a3c7a34f7da80ff2f32a4c21a"`);
    await queryRunner.query(`DROP INDEX "public"."people_agency_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."people_party_id_idx"`);
    await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "active"`);
    await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "phone"`);
    await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "email"`);
    await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "rank_title"`);
    await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "agency_id"`);
    await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "party_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_97f553b83e2fe4d364b6ffd659"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_19fdae02496e71157a4a3c5059"`);
    await queryRunner.query(`DROP TABLE "committee_issue_areas"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2eb5365a2ab7114162fcc5b5f7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ff7a5395c1584f064af6041f2d"`);
    await queryRunner.query(`DROP TABLE "committee_parties"`);
    await queryRunner.query(`DROP INDEX "public"."memberships_one_open_co_chair_per_party"`);
    await queryRunner.query(`DROP INDEX "public"."memberships_person_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."memberships_committee_id_idx"`);
    await queryRunner.query(`DROP TABLE "memberships"`);
    await queryRunner.query(`DROP TYPE "public"."membership_role"`);
    await queryRunner.query(`DROP INDEX "public"."committees_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."committees_code_key"`);
    await queryRunner.query(`DROP TABLE "committees"`);
    await queryRunner.query(`DROP TYPE "public"."committee_status"`);
    await queryRunner.query(`DROP INDEX "public"."issue_areas_code_key"`);
    await queryRunner.query(`DROP TABLE "issue_areas"`);
    await queryRunner.query(`DROP INDEX "public"."agencies_party_code_key"`);
    await queryRunner.query(`DROP TABLE "agencies"`);
    await queryRunner.query(`DROP INDEX "public"."parties_code_key"`);
    await queryRunner.query(`DROP TABLE "parties"`);
  }
}
