import { Module } from '@nestjs/common';
import { SearchController } from './search.controller.js';
import { SearchService } from './search.service.js';

/** GET /search: one search across the record types (docs/architecture.md, "The contexts"). */
@Module({ controllers: [SearchController], providers: [SearchService] })
export class SearchModule {}
