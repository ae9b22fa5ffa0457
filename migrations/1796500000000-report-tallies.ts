import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The work-item tables and the column that names each item's party. */
const KINDS = [
  { table: 'commitments', party: 'owner_party_id' },
  { table: 'assignments', party: 'raising_party_id' },
] as const;

/**
 * The tallies the reports read (docs/reporting.md), kept exact by the database itself:
 *
 * - `status_changed_at` on commitments and assignments: when the item entered its current
 *   status (a fulfilment's time, a claim's age), set by a trigger whenever `status` changes,
 *   back-filled from the timeline (the last entry that moved it there; its creation if none).
 * - `tansiq_work_item_facts(created_at, due_on, status_changed_at, zone)`: the one definition
 *   of an item's dates in its committee's zone: the month it was created, the month of its
 *   last status change, whether that change came on or before the due date (null without
 *   one), and the days from creation to it (calendar days in the zone).
 * - Five tallies, counts of items per committee, kind (the table's name), status, party
 *   (owner or raising) and issue area, and one more key each: `report_created_tallies` the
 *   creation month, `report_due_tallies` the due date and `report_due_month_tallies` its month
 *   (items with one: overdue is the months before today's and the days of today's month
 *   before today), `report_changed_tallies` the month of the last status change and whether it
 *   was on time, `report_duration_tallies` the days from creation to it. They know no workflow: the application reads the rows
 *   whose status it needs (fulfilled, open and overdue by the kernel's rule).
 * - Statement-level triggers with transition tables add what a statement inserted and
 *   subtract what it updated away or deleted, one set-based upsert per tally, its rows in key
 *   order (two writers lock shared rows in the same order); an UPDATE that changes none of
 *   the columns the tallies read (progress, a description) writes nothing.
 * - A committee's time zone moves its months and days: its tallies are rebuilt from its rows.
 */
export class ReportTallies1796500000000 implements MigrationInterface {
  name = 'ReportTallies1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const fn = await qualifier(queryRunner);
    // Back-filling and tallying a large database (1M commitments: about a minute) outlasts the
    // pool's 30 s statement timeout; the migration runs in its own transaction.
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    for (const { table } of KINDS) {
      await queryRunner.query(`ALTER TABLE ${table} ADD status_changed_at timestamptz`);
      const subject = table === 'commitments' ? 'commitment_id' : 'assignment_id';
      await queryRunner.query(`UPDATE ${table} t SET status_changed_at = coalesce(
          (SELECT max(u.created_at) FROM updates u WHERE u.${subject} = t.id AND u.to_status = t.status::text), t.created_at)`);
      await queryRunner.query(
        `ALTER TABLE ${table} ALTER status_changed_at SET NOT NULL, ALTER status_changed_at SET DEFAULT now()`,
      );
    }
    await queryRunner.query(`CREATE FUNCTION tansiq_status_changed_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.status_changed_at := now();
        RETURN NEW;
      END $$`);
    for (const { table } of KINDS) {
      await queryRunner.query(`CREATE TRIGGER ${table}_status_changed_at BEFORE UPDATE OF status ON ${table}
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION tansiq_status_changed_at()`);
    }
    // The oldest claims awaiting the other side (GET /reports/reciprocity).
    await queryRunner.query(`CREATE INDEX "commitments_claimed_idx" ON commitments (committee_id, owner_party_id, status_changed_at, id)
      WHERE status = 'fulfilment_claimed'`);

    await queryRunner.query(`CREATE FUNCTION tansiq_work_item_facts(p_created_at timestamptz, p_due_on date,
        p_status_changed_at timestamptz, p_zone text)
      RETURNS TABLE (created_month date, changed_month date, on_time boolean, days integer)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT date_trunc('month', p_created_at AT TIME ZONE p_zone)::date,
               date_trunc('month', p_status_changed_at AT TIME ZONE p_zone)::date,
               (p_status_changed_at AT TIME ZONE p_zone)::date <= p_due_on,
               (p_status_changed_at AT TIME ZONE p_zone)::date - (p_created_at AT TIME ZONE p_zone)::date
      $$`);

    const common = `committee_id uuid NOT NULL REFERENCES committees (id) ON DELETE CASCADE, kind text NOT NULL,
      status text NOT NULL, party_id uuid, issue_area_id uuid`;
    for (const [tally, keys] of TALLIES) {
      const columns = keys.map(([name, type]) => `${name} ${type}`).join(', ');
      const unique = ['committee_id', 'kind', 'status', ...keys.map(([name]) => name), 'party_id', 'issue_area_id'];
      // `n` is in no index and pages keep room (fillfactor): a count's change is a HOT update,
      // which adds no index entry (a covering index made each transition cost 9 ms at 1M rows:
      // every change of `n` left an entry behind that the next upsert's lookup stepped over).
      await queryRunner.query(`CREATE TABLE ${tally} (${common}, ${columns}, n integer NOT NULL,
        CONSTRAINT ${tally}_key UNIQUE NULLS NOT DISTINCT (${unique.join(', ')})) WITH (fillfactor = 80)`);
    }

    await queryRunner.query(`CREATE TYPE tansiq_work_item AS (committee_id uuid, party_id uuid, issue_area_id uuid,
      status text, created_at timestamptz, due_on date, status_changed_at timestamptz, sign integer)`);
    const upserts = TALLIES.map(([tally, keys]) => {
      const key = [
        'i.committee_id',
        'p_kind',
        'i.status',
        'i.party_id',
        'i.issue_area_id',
        ...keys.map(([, , e]) => e),
      ];
      const cols = ['committee_id', 'kind', 'status', 'party_id', 'issue_area_id', ...keys.map(([name]) => name)];
      const positions = key.map((_k, i) => i + 1).join(', ');
      const where = keys.some(([name]) => name.startsWith('due_')) ? 'WHERE i.due_on IS NOT NULL' : '';
      return `INSERT INTO ${fn(tally)} AS t (${cols.join(', ')}, n)
        SELECT ${key.join(', ')}, sum(i.sign)
          FROM unnest(p_items) i JOIN ${fn('committees')} k ON k.id = i.committee_id
         CROSS JOIN LATERAL ${fn('tansiq_work_item_facts')}(i.created_at, i.due_on, i.status_changed_at, k.time_zone) f
         ${where}
         GROUP BY ${positions} HAVING sum(i.sign) <> 0 ORDER BY ${positions}
        ON CONFLICT ON CONSTRAINT ${tally}_key DO UPDATE SET n = t.n + excluded.n;`;
    });
    // Changes to a committee's time zone wait for these writes (FOR SHARE), so its rebuild
    // never misses a tally row created meanwhile.
    await queryRunner.query(`CREATE FUNCTION tansiq_report_apply(p_kind text, p_items tansiq_work_item[]) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        IF cardinality(p_items) = 0 THEN RETURN; END IF;
        PERFORM 1 FROM ${fn('committees')} c
          WHERE c.id IN (SELECT DISTINCT i.committee_id FROM unnest(p_items) i) ORDER BY c.id FOR SHARE;
        ${upserts.join('\n        ')}
      END $$`);

    for (const { table, party } of KINDS) {
      const item = (sign: number) =>
        `ROW(r.committee_id, r.${party}, r.issue_area_id, r.status::text, r.created_at, r.due_on, r.status_changed_at, ${sign})::${fn('tansiq_work_item')}`;
      const read = `committee_id, ${party}, issue_area_id, status, created_at, due_on, status_changed_at`;
      await queryRunner.query(`CREATE FUNCTION tansiq_report_tally_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          items ${fn('tansiq_work_item')}[] := '{}';
        BEGIN
          -- Each statement is planned when first run: a transition table is named only where it exists.
          IF TG_OP = 'UPDATE' THEN
            IF NOT EXISTS (SELECT ${read} FROM new_rows EXCEPT ALL SELECT ${read} FROM old_rows) THEN
              RETURN NULL;
            END IF;
          END IF;
          IF TG_OP <> 'DELETE' THEN
            items := items || ARRAY(SELECT ${item(1)} FROM new_rows r);
          END IF;
          IF TG_OP <> 'INSERT' THEN
            items := items || ARRAY(SELECT ${item(-1)} FROM old_rows r);
          END IF;
          PERFORM ${fn('tansiq_report_apply')}(TG_TABLE_NAME::text, items);
          RETURN NULL;
        END $$`);
      await queryRunner.query(`CREATE TRIGGER ${table}_report_insert AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tansiq_report_tally_${table}()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_report_update AFTER UPDATE ON ${table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tansiq_report_tally_${table}()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_report_delete AFTER DELETE ON ${table}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tansiq_report_tally_${table}()`);
    }

    const rebuild = KINDS.map(
      ({ table, party }) => `PERFORM ${fn('tansiq_report_apply')}('${table}', ARRAY(
          SELECT ROW(r.committee_id, r.${party}, r.issue_area_id, r.status::text, r.created_at, r.due_on, r.status_changed_at, 1)::${fn('tansiq_work_item')}
            FROM ${fn(table)} r WHERE r.committee_id = p_committee));`,
    );
    await queryRunner.query(`CREATE FUNCTION tansiq_report_rebuild(p_committee uuid) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        ${TALLIES.map(([tally]) => `DELETE FROM ${fn(tally)} WHERE committee_id = p_committee;`).join('\n        ')}
        ${rebuild.join('\n        ')}
      END $$`);
    await queryRunner.query(`CREATE FUNCTION tansiq_report_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ${fn('tansiq_report_rebuild')}(NEW.id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER committees_report_zone AFTER UPDATE OF time_zone ON committees
      FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION tansiq_report_zone_changed()`);

    await queryRunner.query(`SELECT tansiq_report_rebuild(id) FROM committees ORDER BY id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER committees_report_zone ON committees`);
    await queryRunner.query(`DROP FUNCTION tansiq_report_zone_changed()`);
    await queryRunner.query(`DROP FUNCTION tansiq_report_rebuild(uuid)`);
    for (const { table } of KINDS) {
      for (const op of ['insert', 'update', 'delete'])
        await queryRunner.query(`DROP TRIGGER ${table}_report_${op} ON ${table}`);
      await queryRunner.query(`DROP FUNCTION tansiq_report_tally_${table}()`);
    }
    await queryRunner.query(`DROP FUNCTION tansiq_report_apply(text, tansiq_work_item[])`);
    await queryRunner.query(`DROP TYPE tansiq_work_item`);
    for (const [tally] of TALLIES) await queryRunner.query(`DROP TABLE ${tally}`);
    await queryRunner.query(`DROP FUNCTION tansiq_work_item_facts(timestamptz, date, timestamptz, text)`);
    await queryRunner.query(`DROP INDEX "commitments_claimed_idx"`);
    for (const { table } of KINDS) {
      await queryRunner.query(`DROP TRIGGER ${table}_status_changed_at ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN status_changed_at`);
    }
    await queryRunner.query(`DROP FUNCTION tansiq_status_changed_at()`);
  }
}

/** Each tally: its table, and its own key columns (name, type, value from item `i` and facts `f`). */
const TALLIES: [string, [string, string, string][]][] = [
  ['report_created_tallies', [['created_month', 'date NOT NULL', 'f.created_month']]],
  ['report_due_tallies', [['due_on', 'date NOT NULL', 'i.due_on']]],
  ['report_due_month_tallies', [['due_month', 'date NOT NULL', `date_trunc('month', i.due_on)::date`]]],
  [
    'report_changed_tallies',
    [
      ['changed_month', 'date NOT NULL', 'f.changed_month'],
      ['on_time', 'boolean', 'f.on_time'],
    ],
  ],
  ['report_duration_tallies', [['days', 'integer NOT NULL', 'f.days']]],
];

async function qualifier(queryRunner: QueryRunner): Promise<(name: string) => string> {
  const [{ schema }] = (await queryRunner.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
  return (name: string) => `"${schema}".${name}`;
}
