import { Module } from '@nestjs/common';
import { UsersModule } from '../identity/index.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({ imports: [UsersModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
