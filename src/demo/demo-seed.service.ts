import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { appendAuditEvent } from '../platform/index.js';
import { todayIn } from '../platform/index.js';
import { User } from '../identity/index.js';
import { UsersService } from '../identity/index.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './demo-accounts.js';
import {
  DEMO_AGENCIES,
  DEMO_COMMITTEES,
  DEMO_ISSUE_AREAS,
  DEMO_MEMBERSHIPS,
  DEMO_PARTIES,
  DEMO_PEOPLE,
  DEMO_WORK,
} from './demo-data.js';

const DEMO_LOCK_KEY = 7_316_942_053;

type Ids = Map<string, string>;

/**
 * Loads the demo case once: every record is found by its natural key and only created when
 * missing, so running it again (or from two instances at once) changes nothing.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  async seed(): Promise<{ accounts: (DemoAccount & { created: boolean })[] }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK_KEY]);
      const people = await this.seedRegistry(manager);
      const accounts = await this.seedAccounts(manager, people);
      const work = await this.seedWork(manager, people);
      if (work > 0 || accounts.some((a) => a.created)) {
        // The seed writes directly, not through the API: one event records it in the trail.
        await appendAuditEvent(manager, {
          action: 'seed',
          entity: 'demo',
          entityId: 'demo',
          changes: { meetings: { after: work } },
        });
      }
      return { accounts };
    });
  }

  private async seedRegistry(manager: EntityManager): Promise<Ids> {
    const q = async (sql: string, params: unknown[]) => ((await manager.query(sql, params)) as { id: string }[])[0]?.id;
    const parties: Ids = new Map();
    for (const p of DEMO_PARTIES) {
      await manager.query(
        `INSERT INTO parties (code, name_en, name_ar, version) VALUES ($1, $2, $3, 1) ON CONFLICT (code) DO NOTHING`,
        [p.code, p.nameEn, p.nameAr],
      );
      parties.set(p.code, (await q(`SELECT id FROM parties WHERE code = $1`, [p.code]))!);
    }
    const agencies: Ids = new Map();
    for (const a of DEMO_AGENCIES) {
      const partyId = parties.get(a.party)!;
      await manager.query(
        `INSERT INTO agencies (party_id, code, name_en, name_ar, version) VALUES ($1, $2, $3, $4, 1) ON CONFLICT DO NOTHING`,
        [partyId, a.code, a.nameEn, a.nameAr],
      );
      agencies.set(
        `${a.party}:${a.code}`,
        (await q(`SELECT id FROM agencies WHERE party_id = $1 AND code = $2`, [partyId, a.code]))!,
      );
    }
    const areas: Ids = new Map();
    for (const a of DEMO_ISSUE_AREAS) {
      await manager.query(
        `INSERT INTO issue_areas (code, name_en, name_ar, description, version) VALUES ($1, $2, $3, $4, 1) ON CONFLICT (code) DO NOTHING`,
        [a.code, a.nameEn, a.nameAr, a.description],
      );
      areas.set(a.code, (await q(`SELECT id FROM issue_areas WHERE code = $1`, [a.code]))!);
    }
    const committees: Ids = new Map();
    for (const c of DEMO_COMMITTEES) {
      await manager.query(
        `INSERT INTO committees (code, name_en, name_ar, mandate, status, established_on, version) VALUES ($1, $2, $3, $4, $5, $6, 1) ON CONFLICT (code) DO NOTHING`,
        [c.code, c.nameEn, c.nameAr, c.mandate, c.status, c.establishedOn],
      );
      const id = (await q(`SELECT id FROM committees WHERE code = $1`, [c.code]))!;
      committees.set(c.code, id);
      await manager.query(
        `INSERT INTO committee_parties (committee_id, party_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [id, [...parties.values()]],
      );
      await manager.query(
        `INSERT INTO committee_issue_areas (committee_id, issue_area_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [id, c.issueAreas.map((code) => areas.get(code)!)],
      );
    }
    const people: Ids = new Map();
    for (const p of DEMO_PEOPLE) {
      const partyId = parties.get(p.party)!;
      let id = await q(`SELECT id FROM people WHERE party_id = $1 AND name_en = $2`, [partyId, p.nameEn]);
      id ??= await q(
        `INSERT INTO people (party_id, agency_id, name_en, name_ar, rank_title, email, phone, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id`,
        [
          partyId,
          agencies.get(`${p.party}:${p.agency}`),
          p.nameEn,
          p.nameAr,
          p.rankTitle,
          `${p.key}@delegation.example`,
          p.party === 'LB' ? '+961 1 000 000' : '+963 11 000 0000',
        ],
      );
      people.set(p.key, id!);
    }
    for (const m of DEMO_MEMBERSHIPS) {
      await manager.query(
        `INSERT INTO memberships (committee_id, person_id, party_id, role, start_on, version)
         SELECT $1, $2, p.party_id, $3, c.established_on, 1 FROM people p, committees c WHERE p.id = $2 AND c.id = $1
            AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.committee_id = $1 AND m.person_id = $2 AND m.role = $3)`,
        [committees.get(m.committee), people.get(m.person), m.role],
      );
    }
    return people;
  }

  /** Meetings with decisions, commitments of both sides, assignments and updates; due dates relative to today. */
  private async seedWork(manager: EntityManager, people: Ids): Promise<number> {
    const one = async (sql: string, params: unknown[]) =>
      ((await manager.query(sql, params)) as { id: string }[])[0]?.id;
    let created = 0;
    for (const work of DEMO_WORK) {
      const committee = (await manager.query(`SELECT id, time_zone FROM committees WHERE code = $1`, [
        work.committee,
      ])) as { id: string; time_zone: string }[];
      const { id: committeeId, time_zone: zone } = committee[0]!;
      if (
        await one(`SELECT id FROM meetings WHERE committee_id = $1 AND starts_at = $2`, [
          committeeId,
          work.meeting.startsAt,
        ])
      )
        continue;
      created++;
      const due = (days: number) => {
        const d = new Date(`${todayIn(zone)}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() + days);
        return d.toISOString().slice(0, 10);
      };
      const party = (code: string) => one(`SELECT id FROM parties WHERE code = $1`, [code]);
      const area = (code: string) => one(`SELECT id FROM issue_areas WHERE code = $1`, [code]);
      const meetingId = (await one(
        `INSERT INTO meetings (committee_id, starts_at, time_zone, place, agenda, minutes, version) VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id`,
        [committeeId, work.meeting.startsAt, zone, work.meeting.place, work.meeting.agenda, work.meeting.minutes],
      ))!;
      await manager.query(
        `INSERT INTO meeting_attendees (meeting_id, person_id) SELECT $1, m.person_id FROM memberships m WHERE m.committee_id = $2 AND m.role IN ('co_chair', 'secretary') ON CONFLICT DO NOTHING`,
        [meetingId, committeeId],
      );
      const decisions: string[] = [];
      for (const [i, text] of work.meeting.decisions.entries()) {
        decisions.push(
          (await one(`INSERT INTO decisions (meeting_id, number, text) VALUES ($1, $2, $3) RETURNING id`, [
            meetingId,
            i + 1,
            text,
          ]))!,
        );
      }
      for (const c of work.commitments) {
        const ownerId = await party(c.owner);
        const agencyId = c.agency
          ? await one(`SELECT id FROM agencies WHERE party_id = $1 AND code = $2`, [ownerId, c.agency])
          : null;
        const id = await one(
          `INSERT INTO commitments (committee_id, owner_party_id, agency_id, title, issue_area_id, due_on, progress, source_decision_id, status, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id`,
          [
            committeeId,
            ownerId,
            agencyId,
            c.title,
            await area(c.issueArea),
            due(c.dueInDays),
            c.progress,
            decisions[c.decision - 1],
            c.status,
          ],
        );
        const author = people.get(`${c.owner.toLowerCase()}-secretary`);
        await manager.query(
          `INSERT INTO updates (commitment_id, author_person_id, body, progress) VALUES ($1, $2, $3, $4)`,
          [id, author, 'Work started as agreed at the meeting.', c.progress],
        );
        if (c.status === 'fulfilment_claimed') {
          await manager.query(
            `INSERT INTO updates (commitment_id, author_person_id, body, from_status, to_status) VALUES ($1, $2, $3, 'in_progress', 'fulfilment_claimed')`,
            [id, author, 'Both sites were dismantled; evidence shared with the counterpart.'],
          );
        }
      }
      for (const a of work.assignments) {
        const id = (await one(
          `INSERT INTO assignments (committee_id, title, issue_area_id, priority, due_on, raising_party_id, border_sector, status, source_decision_id, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id`,
          [
            committeeId,
            a.title,
            await area(a.issueArea),
            a.priority,
            due(a.dueInDays),
            await party(a.raisingParty),
            a.borderSector ?? null,
            a.status,
            decisions[a.decision - 1],
          ],
        ))!;
        for (const key of a.assignees) {
          await manager.query(
            `INSERT INTO assignment_assignees (assignment_id, person_id, acknowledged_at) VALUES ($1, $2, $3)`,
            [id, people.get(key), a.acknowledged ? new Date() : null],
          );
        }
        if (a.status !== 'open') {
          await manager.query(
            `INSERT INTO updates (assignment_id, author_person_id, body, from_status, to_status) VALUES ($1, $2, $3, 'open', $4)`,
            [
              id,
              people.get(a.assignees[0]!),
              a.status === 'blocked' ? 'Blocked: access to the area is closed by weather.' : 'Work under way.',
              a.status,
            ],
          );
        }
      }
    }
    return created;
  }

  private async seedAccounts(manager: EntityManager, people: Ids): Promise<(DemoAccount & { created: boolean })[]> {
    const accounts: (DemoAccount & { created: boolean })[] = [];
    for (const account of DEMO_ACCOUNTS) {
      const personId = account.personKey ? people.get(account.personKey)! : undefined;
      const existing = await manager.getRepository(User).findOneBy({ email: account.email });
      if (!existing) {
        await this.users.create(
          {
            email: account.email,
            displayName: account.displayName,
            role: account.role,
            password: DEMO_PASSWORD,
            personId,
          },
          manager,
        );
      } else if (personId && !existing.personId) {
        await manager.query(`UPDATE users SET person_id = $2 WHERE id = $1`, [existing.id, personId]);
      }
      accounts.push({ ...account, created: !existing });
    }
    return accounts;
  }
}
