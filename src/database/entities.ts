import { ApiClient } from '../api-clients/entities/api-client.entity.js';
import { RefreshToken } from '../auth/entities/refresh-token.entity.js';
import { RateLimitBucket } from '../common/rate-limit/rate-limit-bucket.entity.js';
import { Person } from '../people/entities/person.entity.js';
import { User } from '../users/entities/user.entity.js';

/** Every entity the application maps; the schema-diff test compares them with the migrations. */
export const entities = [RateLimitBucket, Person, User, RefreshToken, ApiClient];
