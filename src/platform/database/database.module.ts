import { Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { closeGenericPlanPool } from './generic-plans.js';

/** Ends the generic-plan pool (`genericPlans`) with the application, as TypeORM ends its own. */
@Injectable()
class GenericPlanPoolCloser implements OnApplicationShutdown {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    await closeGenericPlanPool(this.dataSource);
  }
}

@Module({})
export class DatabaseModule {
  /**
   * `options` built by the composition root (entities, migrations, subscribers of every
   * context); `connect` false builds the module without connecting (used to render the
   * OpenAPI document without a database).
   */
  static forRoot(options: DataSourceOptions, connect: boolean): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...options,
          manualInitialization: !connect,
          retryAttempts: 5,
          retryDelay: 2_000,
        }),
      ],
      providers: [GenericPlanPoolCloser],
    };
  }
}
