import { ValidateBy } from 'class-validator';
import { isTimeZone } from '../time/dates.js';

export const IsTimeZone = () =>
  ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (v) => typeof v === 'string' && isTimeZone(v),
      defaultMessage: () => 'must be an IANA time zone such as Asia/Beirut',
    },
  });
