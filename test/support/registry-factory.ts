import { randomBytes } from 'node:crypto';
import type { Actor } from './actors.js';
import type { TestApp } from './test-app.js';

const uid = () => randomBytes(3).toString('hex').toUpperCase();

export interface Ref {
  id: string;
  [key: string]: unknown;
}

/** Builds registry records through the API as an admin; each call makes unique codes. */
export class RegistryFactory {
  constructor(
    private readonly t: TestApp,
    private readonly admin: Actor,
  ) {}

  private async post(path: string, body: object): Promise<Ref> {
    const res = await this.t.http().post(`/api/v1${path}`).set(this.admin.headers).send(body);
    if (res.status !== 201) throw new Error(`POST ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Ref;
  }

  party(extra: object = {}): Promise<Ref> {
    const code = `P${uid()}`;
    return this.post('/parties', { code, nameEn: `Party ${code}`, nameAr: `طرف ${code}`, ...extra });
  }

  agency(partyId: string, extra: object = {}): Promise<Ref> {
    const code = `AG${uid()}`;
    return this.post('/agencies', { partyId, code, nameEn: `Agency ${code}`, nameAr: `جهاز ${code}`, ...extra });
  }

  issueArea(extra: object = {}): Promise<Ref> {
    const code = `area_${uid().toLowerCase()}`;
    return this.post('/issue-areas', { code, nameEn: `Area ${code}`, nameAr: `مجال ${code}`, ...extra });
  }

  person(partyId: string, extra: object = {}): Promise<Ref> {
    const n = uid();
    return this.post('/people', {
      partyId,
      nameEn: `Person ${n}`,
      nameAr: `شخص ${n}`,
      email: `p${n.toLowerCase()}@example.org`,
      phone: '+961 1 234 567',
      ...extra,
    });
  }

  committee(partyIds: string[], extra: object = {}): Promise<Ref> {
    const code = `C-${uid()}`;
    return this.post('/committees', {
      code,
      nameEn: `Committee ${code}`,
      nameAr: `لجنة ${code}`,
      partyIds,
      status: 'active',
      ...extra,
    });
  }

  member(committeeId: string, personId: string, role: string, extra: object = {}): Promise<Ref> {
    return this.post(`/committees/${committeeId}/members`, { personId, role, startOn: '2025-10-01', ...extra });
  }

  async linkUser(user: Actor, personId: string): Promise<void> {
    const res = await this.t.http().patch(`/api/v1/users/${user.id}`).set(this.admin.headers).send({ personId });
    if (res.status !== 200) throw new Error(`link user → ${res.status}`);
  }
}
