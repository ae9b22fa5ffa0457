import { Module } from '@nestjs/common';
import { ChangesController } from './changes.controller.js';
import { ChangesService } from './changes.service.js';

/** The change feed (reporting): `GET /api/v1/changes`. */
@Module({ controllers: [ChangesController], providers: [ChangesService] })
export class ChangesModule {}
