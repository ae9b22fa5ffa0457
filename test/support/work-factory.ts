import type { Actor } from './actors.js';
import type { Ref, RegistryFactory } from './registry-factory.js';
import type { TestApp } from './test-app.js';

/** Builds meetings, assignments and commitments through the API as a committee secretary. */
export class WorkFactory {
  private personId: string | null = null;

  constructor(
    private readonly t: TestApp,
    readonly secretary: Actor,
    private readonly registry: RegistryFactory,
  ) {}

  /** Gives the factory's secretary a person of `partyId` and a secretary seat on the committee. */
  async seatSecretary(committeeId: string, partyId: string): Promise<void> {
    if (!this.personId) {
      this.personId = (await this.registry.person(partyId)).id;
      await this.registry.linkUser(this.secretary, this.personId);
    }
    await this.registry.member(committeeId, this.personId, 'secretary');
  }

  private async post(path: string, body: object): Promise<Ref> {
    const res = await this.t.http().post(`/api/v1${path}`).set(this.secretary.headers).send(body);
    if (res.status !== 201) throw new Error(`POST ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Ref;
  }

  meeting(committeeId: string, extra: object = {}): Promise<Ref> {
    return this.post(`/committees/${committeeId}/meetings`, {
      startsAt: '2025-10-31T10:00:00+02:00',
      place: 'Beirut',
      ...extra,
    });
  }

  decision(meetingId: string, text = 'A decision'): Promise<Ref> {
    return this.post(`/meetings/${meetingId}/decisions`, { text });
  }

  assignment(committeeId: string, assigneeIds: string[], extra: object = {}): Promise<Ref> {
    return this.post(`/committees/${committeeId}/assignments`, {
      title: 'Patrol the Hermel sector',
      assigneeIds,
      dueOn: '2030-01-01',
      ...extra,
    });
  }

  commitment(committeeId: string, ownerPartyId: string, extra: object = {}): Promise<Ref> {
    return this.post(`/committees/${committeeId}/commitments`, {
      title: 'Exchange intelligence',
      ownerPartyId,
      dueOn: '2030-01-01',
      ...extra,
    });
  }
}
