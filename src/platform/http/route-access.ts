import { SetMetadata } from '@nestjs/common';

/** Metadata key read by the global guard: the route needs no credentials. */
export const IS_PUBLIC = 'tansiq:public';
/** Security scheme names in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';
/** The challenge of every 401 about a credential (RFC 9110 §11.6.1, RFC 6750 §3). */
export const BEARER_CHALLENGE = 'Bearer realm="tansiq"';

/** The only opt-out of authentication (health, docs, login, refresh). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
