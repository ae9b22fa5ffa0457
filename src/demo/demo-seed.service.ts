import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { User } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './demo-accounts.js';
import {
  DEMO_AGENCIES,
  DEMO_COMMITTEES,
  DEMO_ISSUE_AREAS,
  DEMO_MEMBERSHIPS,
  DEMO_PARTIES,
  DEMO_PEOPLE,
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
      return { accounts: await this.seedAccounts(manager, people) };
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
