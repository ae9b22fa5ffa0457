import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../platform/index.js';
import { APP_CONFIG, asAppException, settingsError } from '../../platform/index.js';
import { UsersService } from '../users/users.service.js';

const BOOTSTRAP_LOCK_KEY = 7_316_942_052;
/** Which setting each field of the created user comes from. */
const BOOTSTRAP_SETTINGS = { email: 'BOOTSTRAP_ADMIN_EMAIL', password: 'BOOTSTRAP_ADMIN_PASSWORD' };

@Injectable()
export class BootstrapService {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  /**
   * Creates the first admin from BOOTSTRAP_ADMIN_* when no admin exists. Serialised by an
   * advisory lock, so two instances starting at once create one admin. A refused value (a
   * password the policy rejects, an e-mail another user has) throws a ConfigError naming
   * the setting and the reason, with the error code.
   */
  async ensureAdmin(): Promise<'created' | 'exists' | 'not-configured'> {
    const bootstrap = this.config.bootstrapAdmin;
    if (!bootstrap) return 'not-configured';
    try {
      return await this.createUnlessAdminExists(bootstrap);
    } catch (error) {
      const known = asAppException(error);
      if (!known) throw error;
      throw settingsError(known, BOOTSTRAP_SETTINGS, 'BOOTSTRAP_ADMIN_EMAIL');
    }
  }

  private createUnlessAdminExists(bootstrap: { email: string; password: string }): Promise<'created' | 'exists'> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      const [{ exists }] = (await manager.query(
        `SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin') AS exists`,
      )) as { exists: boolean }[];
      if (exists) return 'exists';
      await this.users.create(
        { email: bootstrap.email, displayName: 'Administrator', role: 'admin', password: bootstrap.password },
        manager,
      );
      this.logger.log(`Created the first admin ${bootstrap.email} from BOOTSTRAP_ADMIN_EMAIL`);
      return 'created';
    });
  }
}
