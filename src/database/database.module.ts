import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source.js';

@Module({})
export class DatabaseModule {
  /**
   * `url` null builds the module without connecting (used to render the OpenAPI document
   * without a database).
   */
  static forRoot(url: string | null, poolSize: number): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(url ?? 'postgres://unused@127.0.0.1:1/unused', poolSize),
          manualInitialization: url === null,
          retryAttempts: 5,
          retryDelay: 2_000,
        }),
      ],
    };
  }
}
