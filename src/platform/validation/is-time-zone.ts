import { ValidateBy } from 'class-validator';
import { isTimeZone } from '../time/dates.js';

/** The longest zone name accepted (the longest IANA name, `America/Argentina/ComodRivadavia`, has 32). */
export const TIME_ZONE_MAX_LENGTH = 64;

export const IsTimeZone = () =>
  ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (v) => typeof v === 'string' && v.length <= TIME_ZONE_MAX_LENGTH && isTimeZone(v),
      defaultMessage: () => 'must be an IANA time zone such as Asia/Beirut',
    },
  });
