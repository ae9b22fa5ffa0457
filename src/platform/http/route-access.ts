import { SetMetadata } from '@nestjs/common';

/** Metadata key read by the global guard: the route needs no credentials. */
export const IS_PUBLIC = 'tansiq:public';
/** Security scheme names in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';

/** The only opt-out of authentication (health, docs, login, refresh). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
