import type { Response } from 'supertest';
import { TEST_PASSWORD, createUser, type Actor } from '../support/actors.js';
import { expectInvalid, expectProblem } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { seatedUser, uniqueWord } from '../support/helpers.js';

/** The `code` of the 400's entry for `field` (the text rules give one). */
function fieldCode(res: Response, field: string): string | undefined {
  const problem = expectInvalid(res, field);
  return (problem.errors as { field: string; code?: string }[]).find((e) => e.field === field && e.code)?.code;
}

describe('text people type: one identity per address and code, no invisible names', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let party: Ref;
  let other: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    party = await f.party();
    other = await f.party();
  });
  afterAll(() => t.close());

  const newUser = (email: string, displayName = 'Test user') =>
    t
      .http()
      .post('/api/v1/users')
      .set(admin.headers)
      .send({ email, displayName, role: 'analyst', password: TEST_PASSWORD });

  describe('e-mail addresses are compared in one form (NFKC, lower case, IDNA domain)', () => {
    it('a second account for the same address typed with a combining diaeresis, in capitals or fullwidth is 409', async () => {
      const first = await newUser('j\u00fcrgen.x@example.org');
      expect(first.status).toBe(201);
      expect((first.body as { email: string }).email).toBe('j\u00fcrgen.x@example.org');

      for (const variant of [
        'ju\u0308rgen.x@example.org', // u + U+0308 COMBINING DIAERESIS
        'JU\u0308RGEN.X@EXAMPLE.ORG',
        'J\u00dcRGEN.X@Example.Org',
        '\uff4a\u00fcrgen.x\uff20example.org', // fullwidth ｊ and ＠
      ]) {
        expectProblem(await newUser(variant), 409, 'DUPLICATE_EMAIL');
      }
    });

    it('the fullwidth form of an existing address is 409', async () => {
      expect((await newUser('secretary.lb@example.org')).status).toBe(201);
      expectProblem(await newUser('\uff53ecretary.lb@example.org'), 409, 'DUPLICATE_EMAIL');
      expectProblem(
        await newUser('\uff53\uff45\uff43\uff52\uff45\uff54\uff41\uff52\uff59.lb@example.org'),
        409,
        'DUPLICATE_EMAIL',
      );
    });

    it('an address with a Cyrillic о among Latin letters is 400 MIXED_SCRIPT naming email, in the local part or the domain', async () => {
      expect((await newUser('osama.h@example.org')).status).toBe(201);
      const local = await newUser('\u043esama.h@example.org');
      expect(fieldCode(local, 'email')).toBe('MIXED_SCRIPT');
      expect(JSON.stringify(local.body)).toContain('Latin and Cyrillic');
      expect(fieldCode(await newUser('osama.h@ex\u0430mple.org'), 'email')).toBe('MIXED_SCRIPT');
      expect(fieldCode(await newUser('osama.h@example.\u043erg'), 'email')).toBe('MIXED_SCRIPT');
    });

    it('an address in one script other than Latin is accepted; its domain is stored in ASCII (IDNA)', async () => {
      const cyrillic = await newUser('\u0438\u0432\u0430\u043d@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444');
      expect(cyrillic.status).toBe(201);
      expect((cyrillic.body as { email: string }).email).toBe('\u0438\u0432\u0430\u043d@xn--e1afmkfd.xn--p1ai');

      const idn = await newUser('info@b\u00fccher.example');
      expect(idn.status).toBe(201);
      expect((idn.body as { email: string }).email).toBe('info@xn--bcher-kva.example');
      expectProblem(await newUser('INFO@BU\u0308CHER.example'), 409, 'DUPLICATE_EMAIL');
      expectProblem(await newUser('info@xn--bcher-kva.example'), 409, 'DUPLICATE_EMAIL');
    });

    it('a bidi control in an address is 400 BIDI_CONTROL', async () => {
      expect(fieldCode(await newUser('rima\u202e@example.org'), 'email')).toBe('BIDI_CONTROL');
    });

    it('an address with a character a reader cannot see is 400 INVISIBLE_CHARACTER naming email, not a second account', async () => {
      expect((await newUser('rania.k@example.org')).status).toBe(201);
      for (const lookalike of [
        'rania\u200b.k@example.org', // zero-width space
        'rania.k\u00ad@example.org', // soft hyphen
        'ra\u2060nia.k@example.org', // word joiner
        'rania\u200d.k@example.org', // zero-width joiner
        'rania.k\ufe0f@example.org', // variation selector
        'rania.\ufeffk@example.org', // BOM
      ])
        expect(fieldCode(await newUser(lookalike), 'email')).toBe('INVISIBLE_CHARACTER');
      const person = await t
        .http()
        .post('/api/v1/people')
        .set(admin.headers)
        .send({ partyId: party.id, nameEn: 'Rania K', nameAr: 'رانيا', email: 'rania\u200b.k@example.org' });
      expect(fieldCode(person, 'email')).toBe('INVISIBLE_CHARACTER');
    });

    it('two forms of one new address sent at once: one 201, one 409 (the unique index holds the normal form)', async () => {
      const local = uniqueWord('race');
      const answers = await Promise.all([
        newUser(`${local}.j\u00fcrgen@example.org`),
        newUser(`${local.toUpperCase()}.JU\u0308RGEN@example.org`),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
      expectProblem(
        answers.find((r) => r.status === 409)!,
        409,
        'DUPLICATE_EMAIL',
      );
    });

    it('signs in with the address typed in another form', async () => {
      const local = uniqueWord('login');
      expect((await newUser(`${local}.j\u00fcrgen@example.org`)).status).toBe(201);
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: `${local.toUpperCase()}.JU\u0308RGEN\uff20example.org`, password: TEST_PASSWORD });
      expect(res.status).toBe(200);
    });

    it("a person's e-mail is stored in the same form, and refused when it mixes scripts", async () => {
      const person = await f.person(party.id, { email: 'Ju\u0308rgen.P@Example.ORG' });
      expect(person.email).toBe('j\u00fcrgen.p@example.org');
      const res = await t
        .http()
        .post('/api/v1/people')
        .set(admin.headers)
        .send({ partyId: party.id, nameEn: 'Osama H', nameAr: 'أسامة', email: '\u043esama@example.org' });
      expect(fieldCode(res, 'email')).toBe('MIXED_SCRIPT');
    });
  });

  describe('codes are compared in NFKC and refused when they mix scripts or hold bidi controls', () => {
    const post = (path: string, body: object) => t.http().post(`/api/v1${path}`).set(admin.headers).send(body);

    it('the fullwidth form of an existing party code is 409 DUPLICATE_CODE', async () => {
      expect((await post('/parties', { code: 'QZ1', nameEn: 'Party QZ1', nameAr: 'طرف' })).status).toBe(201);
      expectProblem(
        await post('/parties', { code: '\uff31\uff3a\uff11', nameEn: 'Again', nameAr: 'طرف' }),
        409,
        'DUPLICATE_CODE',
      );
    });

    it.each([
      ['/parties', () => ({ code: 'Q\u0417Z', nameEn: 'P', nameAr: 'ط' })], // Cyrillic З
      ['/agencies', () => ({ partyId: party.id, code: 'AG\u0421', nameEn: 'A', nameAr: 'ج' })], // Cyrillic С
      ['/issue-areas', () => ({ code: 'ar\u0435a', nameEn: 'I', nameAr: 'م' })], // Cyrillic е
      [
        '/committees',
        () => ({ code: 'C-\u0420X', nameEn: 'C', nameAr: 'ل', partyIds: [party.id, other.id], status: 'active' }),
      ],
    ])('%s: a code with a Cyrillic look-alike letter is 400 MIXED_SCRIPT', async (path, body) => {
      expect(fieldCode(await post(path, body()), 'code')).toBe('MIXED_SCRIPT');
    });

    it('a code with a right-to-left override is 400 BIDI_CONTROL', async () => {
      expect(fieldCode(await post('/parties', { code: 'QZ\u202e2', nameEn: 'P', nameAr: 'ط' }), 'code')).toBe(
        'BIDI_CONTROL',
      );
    });
  });

  describe('names: stored in NFC; invisible names and bidi controls refused, for every name field', () => {
    // Every route and field that takes a name, with a valid body to put the name into.
    const NAME_FIELDS: [string, string, string, () => object][] = [
      [
        'POST',
        '/parties',
        'nameEn',
        () => ({ code: `Q${uniqueWord('').slice(0, 6).toUpperCase()}`, nameEn: 'P', nameAr: 'ط' }),
      ],
      [
        'POST',
        '/parties',
        'nameAr',
        () => ({ code: `Q${uniqueWord('').slice(0, 6).toUpperCase()}`, nameEn: 'P', nameAr: 'ط' }),
      ],
      ['POST', '/agencies', 'nameEn', () => ({ partyId: party.id, code: 'AGX', nameEn: 'A', nameAr: 'ج' })],
      ['POST', '/agencies', 'nameAr', () => ({ partyId: party.id, code: 'AGX', nameEn: 'A', nameAr: 'ج' })],
      ['POST', '/issue-areas', 'nameEn', () => ({ code: uniqueWord('a'), nameEn: 'I', nameAr: 'م' })],
      ['POST', '/issue-areas', 'nameAr', () => ({ code: uniqueWord('a'), nameEn: 'I', nameAr: 'م' })],
      [
        'POST',
        '/committees',
        'nameEn',
        () => ({ code: 'C-X', nameEn: 'C', nameAr: 'ل', partyIds: [party.id, other.id], status: 'active' }),
      ],
      [
        'POST',
        '/committees',
        'nameAr',
        () => ({ code: 'C-X', nameEn: 'C', nameAr: 'ل', partyIds: [party.id, other.id], status: 'active' }),
      ],
      ['POST', '/people', 'nameEn', () => ({ partyId: party.id, nameEn: 'N', nameAr: 'ن' })],
      ['POST', '/people', 'nameAr', () => ({ partyId: party.id, nameEn: 'N', nameAr: 'ن' })],
      ['POST', '/people', 'rankTitle', () => ({ partyId: party.id, nameEn: 'N', nameAr: 'ن' })],
      [
        'POST',
        '/users',
        'displayName',
        () => ({ email: `${uniqueWord('n')}@example.org`, displayName: 'U', role: 'analyst', password: TEST_PASSWORD }),
      ],
      ['POST', '/api-clients', 'name', () => ({ name: 'client', allCommittees: true })],
      ['PATCH', '/me', 'displayName', () => ({})],
    ];
    const send = (method: string, path: string, body: object) =>
      (method === 'POST' ? t.http().post(`/api/v1${path}`) : t.http().patch(`/api/v1${path}`))
        .set(admin.headers)
        .send(body);

    const INVISIBLE: [string, string][] = [
      ['two zero-width spaces', '\u200b\u200b'],
      ['a right-to-left mark', '\u200f'],
      ['no-break spaces', '\u00a0\u00a0'],
      ['a combining mark alone', '\u0301'],
      ['a Hangul filler', '\u3164'],
      ['a word joiner and a BOM', '\u2060\ufeff'],
      // Tatweel only stretches the letters around it; search folds it away.
      ['tatweel alone', '\u0640\u0640'],
    ];
    for (const [method, path, field, body] of NAME_FIELDS) {
      it.each(INVISIBLE)(`${method} ${path} ${field}: %s is 400 naming the field`, async (_what, value) => {
        const res = await send(method, path, { ...body(), [field]: value });
        if (value === '\u00a0\u00a0') {
          // Trimmed to '': refused by the length rule where the name is required; an optional
          // title may be blank.
          if (field === 'rankTitle') expect(res.status).toBe(201);
          else expectInvalid(res, field);
        } else expect(fieldCode(res, field)).toBe('INVISIBLE_TEXT');
      });

      it.each([
        ['U+202E right-to-left override', 'Karim \u202eranssaN'],
        ['U+2066 left-to-right isolate', '\u2066Karim\u2069 Nassar'],
        ['U+202B right-to-left embedding', '\u202bكريم\u202c'],
      ])(`${method} ${path} ${field}: a name with a %s is 400 BIDI_CONTROL`, async (_what, value) => {
        expect(fieldCode(await send(method, path, { ...body(), [field]: value }), field)).toBe('BIDI_CONTROL');
      });

      it.each([
        ['a terminal escape', 'Karim\u001b[31m Nassar'],
        ['U+0001 inside a word', 'Zai\u0001d'],
        ['a line feed', 'Karim\nNassar'],
        ['a C1 control (U+0085)', 'Karim\u0085Nassar'],
      ])(`${method} ${path} ${field}: a name with %s is 400 CONTROL_CHARACTER`, async (_what, value) => {
        expect(fieldCode(await send(method, path, { ...body(), [field]: value }), field)).toBe('CONTROL_CHARACTER');
      });
    }

    it('a name is stored in NFC; marks a name needs (ZWNJ, RLM inside) are kept', async () => {
      const person = await f.person(party.id, {
        nameEn: 'Jo\u0308rg Mu\u0308ller',
        nameAr: 'می\u200cخواهم \u200fكريم',
      });
      expect(person.nameEn).toBe('J\u00f6rg M\u00fcller');
      expect(person.nameAr).toBe('می\u200cخواهم \u200fكريم');
    });

    it('free text is stored in NFC and refused when invisible; a bidi control in it is kept', async () => {
      const committee = await f.committee([party.id, other.id]);
      const { user: secretary } = await seatedUser(t, f, 'secretary', party.id, committee.id);
      const add = (place: string) =>
        t
          .http()
          .post(`/api/v1/committees/${committee.id}/meetings`)
          .set(secretary.headers)
          .send({ startsAt: '2025-10-31T10:00:00+02:00', place, agenda: 'Mu\u0308ller \u202eA ' });
      const invisible = await add('\u200b\u200b');
      expect(fieldCode(invisible, 'place')).toBe('INVISIBLE_TEXT');
      const kept = await add('Quote \u2067مرحبا\u2069 at Mu\u0308ller Hall');
      expect(kept.status).toBe(201);
      expect((kept.body as { place: string }).place).toBe('Quote \u2067مرحبا\u2069 at M\u00fcller Hall');
      // Optional free text: NFC, otherwise as sent.
      expect((kept.body as { agenda: string }).agenda).toBe('M\u00fcller \u202eA ');
    });

    it('free text keeps tab and line breaks and refuses every other control character (CONTROL_CHARACTER)', async () => {
      const committee = await f.committee([party.id, other.id]);
      const { user: secretary } = await seatedUser(t, f, 'secretary', party.id, committee.id);
      const add = (place: string, agenda: string) =>
        t
          .http()
          .post(`/api/v1/committees/${committee.id}/meetings`)
          .set(secretary.headers)
          .send({ startsAt: '2025-10-31T10:00:00+02:00', place, agenda });
      expect(fieldCode(await add('Masnaa\u0007 crossing', 'Agenda'), 'place')).toBe('CONTROL_CHARACTER');
      expect(fieldCode(await add('Masnaa crossing', '1. Opening\u001b[2J'), 'agenda')).toBe('CONTROL_CHARACTER');
      const kept = await add('Masnaa\tcrossing', '1. Opening\r\n2.\tReports');
      expect(kept.status).toBe(201);
      expect(kept.body).toMatchObject({ place: 'Masnaa\tcrossing', agenda: '1. Opening\r\n2.\tReports' });
    });
  });
});
