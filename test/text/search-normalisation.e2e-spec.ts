import fc from 'fast-check';
import { createUser, type Actor } from '../support/actors.js';
import { ids } from '../support/helpers.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';
import { WorkFactory } from '../support/work-factory.js';

/**
 * One normalisation (`tansiq_normalize` in SQL) for the indexed text and for the query:
 * invisible and direction marks, NFKC (presentation forms, fullwidth), Arabic-Indic and
 * Persian digits, hamza seats, Persian letters, and the earlier folds.
 */
describe('search normalisation: the index and the query fold text the same way', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  const r: Record<string, Ref> = {};

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    const [lb, sy] = [await f.party(), await f.party()];
    const person = (nameEn: string, nameAr: string) => f.person(lb.id, { nameEn, nameAr });
    r.zaid = await person('Zai\u200bd Haddad Example', 'زيد حداد');
    r.official = await person('Head of Administrative Affairs', 'مسؤول الشؤون الإدارية');
    r.fatima = await person('Fatima Zahra', 'فاطمة الزهراء');
    r.mustafa = await person('Mustafa Issa', 'مصطفى عيسى');
    r.karim = await person('Karim Youssef', 'كريم يوسف');
    // Arabic presentation forms, as text copied from some PDFs: ﻣﺤﻤﺪ ﺍﻟﺤﺴﻦ.
    r.hasan = await person('Mohammed Hasan', '\ufee3\ufea4\ufee4\ufeaa \ufe8d\ufedf\ufea4\ufeb4\ufee6');
    r.ali = await person('Ali Tawil', 'عـــلي طويل');
    r.munir = await person('Munir Said', 'مُنِير سَعِيد');
    r.refugee = await person('Refugee Officer', 'ضابط ملف اللاجئين');
    r.border = await f.committee([lb.id, sy.id], { nameEn: 'Border Agreement 2025', nameAr: 'اتفاقية الحدود ٢٠٢٥' });
    r.narcotics = await f.committee([lb.id, sy.id], {
      nameEn: 'Committee on Narcotics',
      nameAr: 'هيئة مكافحة المخدرات',
    });
    // Default-ignorable characters inside words (a combining grapheme joiner, a variation
    // selector, U+2065), and words in angle brackets (no XML tag to the search). A committee:
    // no transliteration match, the fold alone.
    r.hidden = await f.committee([lb.id, sy.id], {
      nameEn: 'Sa\u034fmir Kha\ufe0fled <Abu Ali> Committee',
      nameAr: 'لجنة سا\u2065مر',
    });
    r.wide = await f.party({
      nameEn: '\uff26\uff55\uff4c\uff4c\uff57\uff49\uff44\uff54\uff48 Party',
      nameAr: 'طرف عريض',
    });
  });
  afterAll(() => t.close());

  const search = (path: string, q: string) =>
    t.http().get(`/api/v1/${path}`).query({ q, limit: 200 }).set(admin.headers);
  const PATHS: Record<string, string> = {
    border: 'committees',
    narcotics: 'committees',
    hidden: 'committees',
    wide: 'parties',
  };
  const pathOf = (record: string) => PATHS[record] ?? 'people';

  describe('the faults found (issue 12)', () => {
    it.each([
      ['a zero-width space in the stored name', 'zaid', 'zaid'],
      ['a zero-width space in the query', 'Zai\u200bd', 'zaid'],
      ['a right-to-left mark after the query', 'example\u200f', 'zaid'],
      ['hamza on ya for hamza on waw', 'مسئول', 'official'],
      ['Persian keheh and yeh', 'کریم', 'karim'],
      ['Arabic presentation forms in the stored name', 'محمد الحسن', 'hasan'],
      ['Arabic-Indic digits for ASCII', '٢٠٢٥', 'border'],
      ['ASCII digits for Arabic-Indic', '2025', 'border'],
    ])('%s: %s finds it', async (_what, q, record) => {
      const res = await search(pathOf(record), q);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([r[record]!.id]);
    });
  });

  // Query → the one record it must find (acceptance 2 of issue 12).
  const FOUND: [string, string, string][] = [
    ['direction mark', 'example\u200f', 'zaid'],
    ['direction mark before', '\u200fexample', 'zaid'],
    ['left-to-right mark', 'haddad\u200e', 'zaid'],
    ['Arabic with a right-to-left mark', 'زيد\u200f', 'zaid'],
    ['zero-width joiner in the query', 'Had\u200ddad', 'zaid'],
    ['BOM in the query', '\ufeffzaid', 'zaid'],
    ['hamza on ya (as stored: on waw)', 'مسئول', 'official'],
    ['hamza on waw, as stored', 'مسؤول', 'official'],
    ['the seat without its hamza', 'مسوول', 'official'],
    ['hamza on ya with the article', 'الشئون', 'official'],
    ['the seat letter without hamza', 'شوون', 'official'],
    ['alef with hamza below typed bare', 'الادارية', 'official'],
    ['taa marbuta typed as haa', 'الاداريه', 'official'],
    ['taa marbuta typed as haa (2)', 'فاطمه', 'fatima'],
    ['final hamza', 'الزهراء', 'fatima'],
    ['alef maqsura typed as ya', 'مصطفي', 'mustafa'],
    ['alef maqsura typed as ya (2)', 'عيسي', 'mustafa'],
    ['Persian keheh and yeh', 'کریم', 'karim'],
    ['Persian yeh', 'یوسف', 'karim'],
    ['presentation forms stored, plain query', 'محمد الحسن', 'hasan'],
    ['presentation forms in the query', '\ufee3\ufea4\ufee4\ufeaa', 'hasan'],
    ['the article and a presentation-form query', 'الحسن', 'hasan'],
    ['tatweel stored, plain query', 'علي', 'ali'],
    ['tatweel in the query', 'طــويل', 'ali'],
    ['diacritics stored, plain query', 'منير سعيد', 'munir'],
    ['diacritics in the query', 'مُنِير', 'munir'],
    ['hamza on ya between letters', 'اللاجئين', 'refugee'],
    ['lam-alef ligature in the query', '\ufefbجئين', 'refugee'],
    ['Arabic-Indic digits', '٢٠٢٥', 'border'],
    ['ASCII digits', '2025', 'border'],
    ['Persian digits', '۲۰۲۵', 'border'],
    ['fullwidth Latin query', '\uff42\uff4f\uff52\uff44\uff45\uff52', 'border'],
    ['taa marbuta typed as haa (3)', 'اتفاقيه', 'border'],
    ['fullwidth Latin stored, plain query', 'fullwidth', 'wide'],
    ['hamza on ya, as stored', 'هيئة', 'narcotics'],
    ['bare hamza for the seat', 'هيءة', 'narcotics'],
    ['an English word, another form', 'narcotic', 'narcotics'],
    ['combining grapheme joiner in the query', 'Zai\u034fd', 'zaid'],
    ['variation selector in the query', 'Had\ufe0fdad', 'zaid'],
    ['Mongolian free variation selector in the query', 'Zai\u180bd', 'zaid'],
    ['a tag character in the query', 'Zai\u{e0041}d', 'zaid'],
    ['Hangul filler in the query', 'Zai\u3164d', 'zaid'],
    ['combining grapheme joiner stored', 'samir', 'hidden'],
    ['variation selector stored', 'khaled', 'hidden'],
    ['U+2065 stored, Arabic', 'سامر', 'hidden'],
    ['words in angle brackets stored', 'abu ali', 'hidden'],
    ['angle brackets in the query', '<Abu>', 'hidden'],
  ];

  it(`has at least 30 query → record pairs (${FOUND.length})`, () => {
    expect(FOUND.length).toBeGreaterThanOrEqual(30);
  });

  it.each(FOUND)('%s: %s finds %s', async (_what, q, record) => {
    const res = await search(pathOf(record), q);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([r[record]!.id]);
  });

  // Query → a record it must not find: near misses, so the folds do not blanket-match.
  const NOT_FOUND: [string, string, string][] = [
    ['another name', 'زياد', 'zaid'],
    ['a longer Latin word', 'zaidi', 'zaid'],
    ['a word the record lacks, with its words', 'Zaid Haddad Nassar', 'zaid'],
    ['another Arabic word', 'مسافر', 'official'],
    ['another year', '2024', 'border'],
    ['another year in Arabic-Indic digits', '٢٠٢٤', 'border'],
    ['another name, letters reordered', 'نمير', 'munir'],
    ['another name of the same root', 'كرام', 'karim'],
    ['a longer name', 'الحسين', 'hasan'],
    ['a longer English word', 'borderline', 'border'],
    ['a different Arabic word', 'فطوم', 'fatima'],
  ];

  it.each(NOT_FOUND)('%s: %s does not find %s', async (_what, q, record) => {
    const res = await search(pathOf(record), q);
    expect(res.status).toBe(200);
    expect(ids(res)).not.toContain(r[record]!.id);
  });

  it('the near misses are no empty search: each record is found by its own words', async () => {
    for (const [, , record] of NOT_FOUND) {
      const name = (r[record]!.nameEn as string).split(' ')[0]!;
      expect(ids(await search(pathOf(record), name))).toContain(r[record]!.id);
    }
  });

  // The same folds through the work lists' q= (assignments, commitments, meetings with their
  // decisions, timelines): query → the one record of its list it must find, and near misses.
  describe("through the work lists' q=", () => {
    const work: Record<string, Ref> = {};
    let secretary: Actor;
    let committeeId: string;

    beforeAll(async () => {
      const [lb, sy] = [await f.party(), await f.party()];
      committeeId = (await f.committee([lb.id, sy.id])).id;
      const w = new WorkFactory(t, await createUser(t, 'secretary'), f);
      await w.seatSecretary(committeeId, lb.id);
      secretary = w.secretary;
      const officer = await f.person(sy.id);
      await f.member(committeeId, officer.id, 'liaison_officer');
      work.assignment = await w.assignment(committeeId, [officer.id], {
        title: 'مراقبة المعابر غير الشرعية',
        description: 'Patrol the Hermel sector with the مسؤول of the post.',
        borderSector: 'القاع',
      });
      work.otherAssignment = await w.assignment(committeeId, [officer.id], { title: 'Routine check at Masnaa' });
      work.commitment = await w.commitment(committeeId, lb.id, {
        title: 'Exchange intelligence on narcotics networks',
        description: 'تبادل المعلومات حول شبكات المخدرات كل أسبوعين',
      });
      work.otherCommitment = await w.commitment(committeeId, lb.id, { title: 'Station teams at Masnaa' });
      work.meeting = await w.meeting(committeeId, {
        place: 'بيروت، وزارة الداخلية',
        agenda: 'Border crossings and the هيئة report.',
        // ﻣﺤﻤﺪ in presentation forms, as pasted from a PDF.
        minutes: 'The committee reviewed the report of \ufee3\ufea4\ufee4\ufeaa on the 2025 figures.',
      });
      await w.decision(
        work.meeting.id,
        'يتبادل الطرفان المعلومات عن شبكات التهريب. Both sides exchange data on smuggling.',
      );
      work.otherMeeting = await w.meeting(committeeId, { place: 'Damascus', agenda: 'Routine business.' });
      for (const [key, body] of [
        ['update', 'Closed two crossings near الهرمل; فاطمة reported.'],
        ['otherUpdate', 'Nothing to report at Masnaa.'],
      ] as const) {
        const res = await t
          .http()
          .post(`/api/v1/assignments/${work.assignment!.id}/updates`)
          .set(secretary.headers)
          .send({ body });
        expect(res.status).toBe(201);
        work[key] = res.body as Ref;
      }
    });

    const list = (record: string, q: string) => {
      const kind = record.replace(/^other/, '').toLowerCase();
      const path =
        kind === 'update'
          ? `/api/v1/assignments/${work.assignment!.id}/updates`
          : `/api/v1/committees/${committeeId}/${kind}s`;
      return t.http().get(path).query({ q, limit: 200 }).set(secretary.headers);
    };

    // Query → the one record of its list it must find (assignment, commitment, meeting, update).
    const WORK_FOUND: [string, string, string][] = [
      ['assignment: an Arabic word, as stored', 'المعابر', 'assignment'],
      ['assignment: the word without its article', 'معابر', 'assignment'],
      ['assignment: taa marbuta typed as haa', 'الشرعيه', 'assignment'],
      ['assignment: hamza on ya for hamza on waw', 'مسئول', 'assignment'],
      ['assignment: a right-to-left mark after the query', 'hermel\u200f', 'assignment'],
      ['assignment: the border sector', 'القاع', 'assignment'],
      ['assignment: another form of an English word', 'patrols', 'assignment'],
      ['commitment: an English word, another form', 'narcotic', 'commitment'],
      ['commitment: a prefix', 'intel', 'commitment'],
      ['commitment: fullwidth Latin', '\uff2e\uff21\uff32\uff23\uff2f\uff34\uff29\uff23\uff33', 'commitment'],
      ['commitment: Arabic with the article', 'المخدرات', 'commitment'],
      ['commitment: Arabic without the article', 'مخدرات', 'commitment'],
      ['commitment: alef with hamza typed bare', 'اسبوعين', 'commitment'],
      ['commitment: diacritics and tatweel in the query', 'شَبَكـات', 'commitment'],
      ['meeting: the place', 'بيروت', 'meeting'],
      ['meeting: taa marbuta typed as haa', 'الداخليه', 'meeting'],
      ['meeting: the agenda, hamza on ya', 'هيئة', 'meeting'],
      ['meeting: the agenda, a bare hamza for the seat', 'هيءة', 'meeting'],
      ['meeting: presentation forms stored in the minutes', 'محمد', 'meeting'],
      ['meeting: Arabic-Indic digits for ASCII', '٢٠٢٥', 'meeting'],
      ['meeting: a word of its decision (English)', 'smuggling', 'meeting'],
      ['meeting: a word of its decision (Arabic)', 'التهريب', 'meeting'],
      ['meeting: a decision word, Persian yeh', 'یتبادل', 'meeting'],
      ['update: Arabic with the article', 'الهرمل', 'update'],
      ['update: Arabic without the article', 'هرمل', 'update'],
      ['update: taa marbuta typed as haa', 'فاطمه', 'update'],
      ['update: another form of an English word', 'crossing', 'update'],
      ['update: a zero-width space in the query', 'clo\u200bsed', 'update'],
    ];

    it(`has Arabic and English pairs for each kind of work record (${WORK_FOUND.length})`, () => {
      for (const kind of ['assignment', 'commitment', 'meeting', 'update'])
        expect(WORK_FOUND.filter(([, , record]) => record === kind).length).toBeGreaterThanOrEqual(4);
    });

    it.each(WORK_FOUND)('%s: %s finds %s', async (_what, q, record) => {
      const res = await list(record, q);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([work[record]!.id]);
    });

    // Query → a record it must not find.
    const WORK_NOT_FOUND: [string, string, string][] = [
      ['assignment: another spelling', 'Hermil', 'assignment'],
      ['assignment: a longer Arabic word', 'المعابرية', 'assignment'],
      ['assignment: a word the record lacks, with its words', 'Hermel Masnaa', 'assignment'],
      ['commitment: another English word of the same start', 'intellect', 'commitment'],
      ['commitment: another Arabic word of the same root', 'تبديل', 'commitment'],
      ['meeting: another year', '2024', 'meeting'],
      ['meeting: another year in Arabic-Indic digits', '٢٠٢٤', 'meeting'],
      ['meeting: a word the decision lacks', 'weapons', 'meeting'],
      ['update: another Arabic name', 'فطوم', 'update'],
      ['update: another English word', 'opened', 'update'],
    ];

    it.each(WORK_NOT_FOUND)('%s: %s does not find %s', async (_what, q, record) => {
      const res = await list(record, q);
      expect(res.status).toBe(200);
      expect(ids(res)).not.toContain(work[record]!.id);
    });

    it('without q each list holds both of its records (the hits above are a filter, not an empty list)', async () => {
      for (const kind of ['assignment', 'commitment', 'meeting', 'update']) {
        const other = `other${kind[0]!.toUpperCase()}${kind.slice(1)}`;
        const res = await t
          .http()
          .get(
            kind === 'update'
              ? `/api/v1/assignments/${work.assignment!.id}/updates`
              : `/api/v1/committees/${committeeId}/${kind}s`,
          )
          .set(secretary.headers);
        expect(ids(res).sort()).toEqual([work[kind]!.id, work[other]!.id].sort());
      }
    });
  });

  describe('the query side and the index side agree (property, fast-check against SQL)', () => {
    // Changes a reader would not see, or the folds make equal: each keeps the normal form.
    const NOISE: Record<string, string[]> = {
      ا: ['أ', 'إ', 'آ', 'ٱ'],
      ي: ['ى', 'ی', '\ufef1'],
      ك: ['ک', '\ufed9'],
      ه: ['ة'],
      ء: ['ؤ', 'ئ'],
      ب: ['\ufe8f'],
      م: ['\ufee1'],
      ل: ['\ufedd'],
      '1': ['١', '۱'],
      '5': ['٥', '۵'],
      a: ['A', '\uff41', '\uff21'],
      z: ['Z', '\uff5a'],
    };
    const MARKS = [
      '\u200b',
      '\u200c',
      '\u200d',
      '\u200e',
      '\u200f',
      '\u2066',
      '\u2069',
      '\u202e',
      '\ufeff',
      '\u034f',
      '\ufe0f',
      '\u180b',
      '\u2065',
      '\u206a',
      '\u3164',
      '\u{e0041}',
      'ـ',
      'َ',
      'ّ',
    ];
    const LETTERS = [...Object.keys(NOISE), ...'دجرسشعغفقنوتثخذصضطظ', ...'bcdefgklmnoprstuy0789'];

    const word = fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 8 }).map((l) => l.join(''));
    const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
    const noisy = (value: string) =>
      fc
        .array(fc.tuple(fc.nat(), fc.constantFrom(...MARKS), fc.boolean()), {
          minLength: value.length,
          maxLength: value.length,
        })
        .map((choices) =>
          [...value]
            .map((char, i) => {
              const [pick, mark, addMark] = choices[i]!;
              const variants = NOISE[char];
              const swapped = variants && pick % 2 === 0 ? variants[pick % variants.length]! : char;
              return addMark ? swapped + mark : swapped;
            })
            .join(''),
        );
    const pairs = text.chain((plain) => noisy(plain).map((typed) => [plain, typed] as const));

    it('normalises each text and its noisy typing to one form, and the noisy query finds the text', async () => {
      const samples = fc.sample(pairs, { numRuns: 300, seed: 12 });
      expect(samples.length).toBe(300);
      expect(samples.some(([plain, typed]) => plain !== typed)).toBe(true);
      const rows = await sql<{ plain: string; typed: string; same: boolean; found: boolean }>(
        t.db.url,
        `SELECT plain, typed, tansiq_normalize(plain) = tansiq_normalize(typed) AS same,
                tansiq_search_vector(plain) @@ tansiq_search_query(typed) AS found
           FROM unnest($1::text[], $2::text[]) AS s(plain, typed)`,
        [samples.map((s) => s[0]), samples.map((s) => s[1])],
      );
      expect(rows.filter((row) => !row.same || !row.found)).toEqual([]);
      expect(rows).toHaveLength(300);
    });

    it('the fold, written out', async () => {
      const [row] = await sql<{ folded: string; seats: string }>(
        t.db.url,
        `SELECT tansiq_normalize($1) AS folded, tansiq_normalize_seats($1) AS seats`,
        ['\u200fأإآ مسئول مسؤول ﻻ ک ی ٢٠۲٥ ＡＢ عـلي مُنِير ة ى\u202e'],
      );
      expect(row).toEqual({
        folded: 'ااا مسءول مسءول لا ك ي 2025 ab علي منير ه ي',
        seats: 'ااا مسيول مسوول لا ك ي 2025 ab علي منير ه ي',
      });
    });

    it('the fold removes every default-ignorable character and reads angle brackets as parentheses, written out', async () => {
      const [row] = await sql<{ folded: string }>(t.db.url, `SELECT tansiq_normalize($1) AS folded`, [
        'a\u00adb\u034fc\u115fd\u17b4e\u180bf\u2065g\u206ah\u3164i\ufe0fj\uffa0k\ufff0l\u{1bca0}m\u{1d173}n\u{e0001}o\u{e0100}p <X> ＜y＞ ﹤z﹥',
      ]);
      expect(row).toEqual({ folded: 'abcdefghijklmnop (x) (y) (z)' });
    });
  });
});
