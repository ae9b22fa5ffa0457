/**
 * The reporting context's public surface, for the composition root and any context above it:
 * the reports (summary, reciprocity) over the tallies the database keeps. It sits above
 * `work/` and reads the lower contexts only through their indexes; what a caller may see is
 * the permission table's `committee.read` and `AccessService.scope`, never rules of its own
 * (docs/architecture.md).
 */
export { ReportsModule } from './reports/reports.module.js';
export { ReportsService, rate } from './reports/reports.service.js';
export {
  ReciprocityQueryDto,
  ReciprocityReportDto,
  SummaryQueryDto,
  SummaryReportDto,
} from './reports/dto/report.dto.js';
