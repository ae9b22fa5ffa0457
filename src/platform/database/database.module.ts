import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';

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
    };
  }
}
