import type { UserRole } from '../identity/index.js';

/** Shared by every demo login; printed at start and listed in the README. Demo data only. */
export const DEMO_PASSWORD = 'tansiq-demo-2025';

export interface DemoAccount {
  email: string;
  displayName: string;
  role: UserRole;
  /** Key of the demo person the login acts as (see demo-data.ts), if any. */
  personKey?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@tansiq.demo', displayName: 'Demo Administrator', role: 'admin' },
  {
    email: 'secretary.lb@tansiq.demo',
    displayName: 'Rana Khoury (LB secretary)',
    role: 'secretary',
    personKey: 'lb-secretary',
  },
  {
    email: 'secretary.sy@tansiq.demo',
    displayName: 'Omar Haddad (SY secretary)',
    role: 'secretary',
    personKey: 'sy-secretary',
  },
  {
    email: 'liaison.lb@tansiq.demo',
    displayName: 'Karim Nassar (LB liaison)',
    role: 'liaison_officer',
    personKey: 'lb-liaison',
  },
  {
    email: 'liaison.sy@tansiq.demo',
    displayName: 'Samer Darwish (SY liaison)',
    role: 'liaison_officer',
    personKey: 'sy-liaison',
  },
  {
    email: 'cochair.lb@tansiq.demo',
    displayName: 'Antoine Saliba (LB co-chair)',
    role: 'secretary',
    personKey: 'lb-cochair',
  },
  {
    email: 'cochair.sy@tansiq.demo',
    displayName: 'Khaled Al-Ahmad (SY co-chair)',
    role: 'secretary',
    personKey: 'sy-cochair',
  },
  { email: 'analyst@tansiq.demo', displayName: 'Demo Analyst', role: 'analyst' },
];
