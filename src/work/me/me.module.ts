import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module.js';
import { UsersModule } from '../../identity/index.js';
import { MeController } from './me.controller.js';
import { MeService } from './me.service.js';

@Module({ imports: [UsersModule, AssignmentsModule], controllers: [MeController], providers: [MeService] })
export class MeModule {}
