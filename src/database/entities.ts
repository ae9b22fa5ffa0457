import { RateLimitBucket } from '../common/rate-limit/rate-limit-bucket.entity.js';

/** Every entity the application maps; the schema-diff test compares them with the migrations. */
export const entities = [RateLimitBucket];
