import { Module } from '@nestjs/common';
import { ApiClientsController } from './api-clients.controller.js';
import { ApiClientsService } from './api-clients.service.js';

@Module({ controllers: [ApiClientsController], providers: [ApiClientsService], exports: [ApiClientsService] })
export class ApiClientsModule {}
