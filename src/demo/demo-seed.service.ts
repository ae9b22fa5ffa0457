import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { User } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './demo-accounts.js';

const DEMO_LOCK_KEY = 7_316_942_053;

/** Loads the demo data once; running it again changes nothing. */
@Injectable()
export class DemoSeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  async seed(): Promise<{ accounts: (DemoAccount & { created: boolean })[] }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK_KEY]);
      const accounts: (DemoAccount & { created: boolean })[] = [];
      for (const account of DEMO_ACCOUNTS) {
        const exists = await manager.getRepository(User).existsBy({ email: account.email });
        if (!exists) {
          await this.users.create(
            { email: account.email, displayName: account.displayName, role: account.role, password: DEMO_PASSWORD },
            manager,
          );
        }
        accounts.push({ ...account, created: !exists });
      }
      return { accounts };
    });
  }
}
