import type { MembershipRole } from '../registry/index.js';

/**
 * The demo case: the joint committees Lebanon and Syria agreed to form in October 2025.
 * Names of people are invented.
 */
export const DEMO_PARTIES = [
  { code: 'LB', nameEn: 'Lebanon', nameAr: 'لبنان' },
  { code: 'SY', nameEn: 'Syria', nameAr: 'سوريا' },
];

export const DEMO_AGENCIES = [
  { party: 'LB', code: 'ISF', nameEn: 'Internal Security Forces', nameAr: 'قوى الأمن الداخلي' },
  {
    party: 'LB',
    code: 'GDGS',
    nameEn: 'General Directorate of General Security',
    nameAr: 'المديرية العامة للأمن العام',
  },
  { party: 'LB', code: 'MOIM', nameEn: 'Ministry of Interior and Municipalities', nameAr: 'وزارة الداخلية والبلديات' },
  { party: 'LB', code: 'LAF', nameEn: 'Lebanese Armed Forces', nameAr: 'الجيش اللبناني' },
  { party: 'SY', code: 'MOI', nameEn: 'Ministry of Interior', nameAr: 'وزارة الداخلية' },
  { party: 'SY', code: 'GSD', nameEn: 'General Security Directorate', nameAr: 'إدارة الأمن العام' },
  { party: 'SY', code: 'ANTI-NARC', nameEn: 'Anti-Narcotics Directorate', nameAr: 'إدارة مكافحة المخدرات' },
];

export const DEMO_ISSUE_AREAS = [
  {
    code: 'narcotics',
    nameEn: 'Narcotics',
    nameAr: 'المخدرات',
    description: 'Production and trafficking of narcotics, including captagon.',
  },
  { code: 'arms_trafficking', nameEn: 'Arms trafficking', nameAr: 'تهريب الأسلحة', description: null },
  { code: 'illegal_migration', nameEn: 'Illegal migration', nameAr: 'الهجرة غير الشرعية', description: null },
  {
    code: 'illegal_crossings',
    nameEn: 'Human smuggling and illegal crossings',
    nameAr: 'تهريب الأشخاص والمعابر غير الشرعية',
    description: null,
  },
  {
    code: 'goods_fuel_smuggling',
    nameEn: 'Smuggling of goods and fuel',
    nameAr: 'تهريب البضائع والمحروقات',
    description: null,
  },
  { code: 'counterterrorism', nameEn: 'Counterterrorism', nameAr: 'مكافحة الإرهاب', description: null },
  { code: 'organized_crime', nameEn: 'Organized crime', nameAr: 'الجريمة المنظمة', description: null },
  {
    code: 'intelligence_sharing',
    nameEn: 'Intelligence sharing',
    nameAr: 'تبادل المعلومات الاستخباراتية',
    description: null,
  },
  {
    code: 'border_monitoring',
    nameEn: 'Border monitoring',
    nameAr: 'مراقبة الحدود',
    description: 'Real-time monitoring of the shared border.',
  },
];

export const DEMO_COMMITTEES = [
  {
    code: 'LB-SY-NARC',
    nameEn: 'Joint Committee on Narcotics',
    nameAr: 'اللجنة المشتركة لمكافحة المخدرات',
    mandate: 'Dismantle narcotics networks operating across the border and coordinate seizures.',
    status: 'active' as const,
    establishedOn: '2025-10-20',
    issueAreas: ['narcotics', 'organized_crime'],
  },
  {
    code: 'LB-SY-ARMS',
    nameEn: 'Joint Committee on Arms Trafficking and Illegal Crossings',
    nameAr: 'اللجنة المشتركة لمكافحة تهريب الأسلحة والمعابر غير الشرعية',
    mandate: 'Close illegal crossings and stop the trafficking of arms, goods and fuel, and the movement of fugitives.',
    status: 'active' as const,
    establishedOn: '2025-10-20',
    issueAreas: ['arms_trafficking', 'illegal_crossings', 'goods_fuel_smuggling'],
  },
  {
    code: 'LB-SY-MIGR',
    nameEn: 'Joint Committee on Migration',
    nameAr: 'اللجنة المشتركة لشؤون الهجرة',
    mandate: 'Curb illegal migration and the smuggling of people.',
    status: 'active' as const,
    establishedOn: '2025-10-27',
    issueAreas: ['illegal_migration', 'illegal_crossings'],
  },
  {
    code: 'LB-SY-CT',
    nameEn: 'Joint Committee on Counterterrorism and Intelligence Sharing',
    nameAr: 'اللجنة المشتركة لمكافحة الإرهاب وتبادل المعلومات',
    mandate: 'Build the mechanism for intelligence exchange between the two sides.',
    status: 'active' as const,
    establishedOn: '2025-10-27',
    issueAreas: ['counterterrorism', 'intelligence_sharing'],
  },
  {
    code: 'LB-SY-BORD',
    nameEn: 'Joint Border Monitoring Committee',
    nameAr: 'اللجنة المشتركة لمراقبة الحدود',
    mandate: 'Set up real-time monitoring of the shared border.',
    status: 'proposed' as const,
    establishedOn: null,
    issueAreas: ['border_monitoring'],
  },
];

export interface DemoPerson {
  key: string;
  party: string;
  agency: string;
  nameEn: string;
  nameAr: string;
  rankTitle: string;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    key: 'lb-cochair',
    party: 'LB',
    agency: 'GDGS',
    nameEn: 'Maj. Gen. Antoine Saliba',
    nameAr: 'اللواء أنطوان صليبا',
    rankTitle: 'Major General',
  },
  {
    key: 'sy-cochair',
    party: 'SY',
    agency: 'MOI',
    nameEn: 'Maj. Gen. Khaled Al-Ahmad',
    nameAr: 'اللواء خالد الأحمد',
    rankTitle: 'Major General',
  },
  {
    key: 'lb-secretary',
    party: 'LB',
    agency: 'MOIM',
    nameEn: 'Rana Khoury',
    nameAr: 'رنا خوري',
    rankTitle: 'Committee secretary',
  },
  {
    key: 'sy-secretary',
    party: 'SY',
    agency: 'MOI',
    nameEn: 'Omar Haddad',
    nameAr: 'عمر حداد',
    rankTitle: 'Committee secretary',
  },
  {
    key: 'lb-liaison',
    party: 'LB',
    agency: 'ISF',
    nameEn: 'Capt. Karim Nassar',
    nameAr: 'النقيب كريم نصّار',
    rankTitle: 'Captain',
  },
  {
    key: 'sy-liaison',
    party: 'SY',
    agency: 'GSD',
    nameEn: 'Capt. Samer Darwish',
    nameAr: 'النقيب سامر درويش',
    rankTitle: 'Captain',
  },
  {
    key: 'lb-member',
    party: 'LB',
    agency: 'LAF',
    nameEn: 'Col. Elie Abou Jaoude',
    nameAr: 'العقيد إيلي أبو جودة',
    rankTitle: 'Colonel',
  },
  {
    key: 'sy-member',
    party: 'SY',
    agency: 'ANTI-NARC',
    nameEn: 'Col. Yasser Ibrahim',
    nameAr: 'العقيد ياسر إبراهيم',
    rankTitle: 'Colonel',
  },
];

/** Who sits where: co-chairs and secretaries of both sides on every active committee, liaison officers on the field ones. */
export const DEMO_MEMBERSHIPS: { committee: string; person: string; role: MembershipRole }[] = DEMO_COMMITTEES.filter(
  (c) => c.status === 'active',
).flatMap((c) => [
  { committee: c.code, person: 'lb-cochair', role: 'co_chair' as const },
  { committee: c.code, person: 'sy-cochair', role: 'co_chair' as const },
  { committee: c.code, person: 'lb-secretary', role: 'secretary' as const },
  { committee: c.code, person: 'sy-secretary', role: 'secretary' as const },
  ...(['LB-SY-NARC', 'LB-SY-ARMS', 'LB-SY-MIGR'].includes(c.code)
    ? [
        { committee: c.code, person: 'lb-liaison', role: 'liaison_officer' as const },
        { committee: c.code, person: 'sy-liaison', role: 'liaison_officer' as const },
      ]
    : []),
  ...(c.code === 'LB-SY-NARC'
    ? [
        { committee: c.code, person: 'lb-member', role: 'member' as const },
        { committee: c.code, person: 'sy-member', role: 'member' as const },
      ]
    : []),
]);

/** Days from today (in the committee's zone) for demo due dates, so the tracker is always alive. */
export interface DemoWork {
  committee: string;
  meeting: { startsAt: string; place: string; agenda: string; minutes: string; decisions: string[] };
  commitments: {
    owner: string;
    agency?: string;
    title: string;
    decision: number;
    dueInDays: number;
    status: string;
    progress: number;
    issueArea: string;
  }[];
  assignments: {
    title: string;
    assignees: string[];
    raisingParty: string;
    borderSector?: string;
    decision: number;
    dueInDays: number;
    status: string;
    priority: string;
    issueArea: string;
    acknowledged?: boolean;
  }[];
}

export const DEMO_WORK: DemoWork[] = [
  {
    committee: 'LB-SY-CT',
    meeting: {
      startsAt: '2025-10-31T10:00:00+02:00',
      place: 'Beirut, Ministry of Interior and Municipalities',
      agenda: '1. Mechanism for intelligence exchange\n2. Fugitives moved through illegal crossings',
      minutes: 'Both delegations agreed to set up a joint mechanism for intelligence sharing.',
      decisions: [
        'Each side designates a liaison cell and exchanges intelligence on networks every two weeks.',
        'Lebanon will share its list of known illegal crossings and the fugitives moved through them.',
      ],
    },
    commitments: [
      {
        owner: 'SY',
        agency: 'GSD',
        title: 'Exchange intelligence on cross-border networks every two weeks',
        decision: 1,
        dueInDays: 20,
        status: 'in_progress',
        progress: 40,
        issueArea: 'intelligence_sharing',
      },
      {
        owner: 'LB',
        agency: 'GDGS',
        title: 'Share the list of known illegal crossings and fugitives',
        decision: 2,
        dueInDays: -5,
        status: 'in_progress',
        progress: 60,
        issueArea: 'illegal_crossings',
      },
    ],
    assignments: [],
  },
  {
    committee: 'LB-SY-NARC',
    meeting: {
      startsAt: '2025-11-14T11:00:00+03:00',
      place: 'Damascus, Ministry of Interior',
      agenda: '1. Captagon production sites near the border\n2. Joint seizure procedure',
      minutes: 'The Syrian side presented findings on narcotics networks crossing from Lebanon.',
      decisions: [
        'Map the smuggling routes used by narcotics networks in the Qusayr–Hermel area.',
        'Agree a joint procedure for seizures at official crossings.',
      ],
    },
    commitments: [
      {
        owner: 'SY',
        agency: 'ANTI-NARC',
        title: 'Dismantle two production sites identified near the border',
        decision: 1,
        dueInDays: -10,
        status: 'fulfilment_claimed',
        progress: 100,
        issueArea: 'narcotics',
      },
      {
        owner: 'LB',
        agency: 'ISF',
        title: 'Station joint inspection teams at Masnaa crossing',
        decision: 2,
        dueInDays: 30,
        status: 'pending',
        progress: 0,
        issueArea: 'narcotics',
      },
    ],
    assignments: [
      {
        title: 'Map smuggling routes in the Hermel sector',
        assignees: ['lb-liaison'],
        raisingParty: 'SY',
        borderSector: 'Hermel sector',
        decision: 1,
        dueInDays: -3,
        status: 'in_progress',
        priority: 'high',
        issueArea: 'narcotics',
        acknowledged: true,
      },
      {
        title: 'Map smuggling routes on the Qusayr side',
        assignees: ['sy-liaison'],
        raisingParty: 'SY',
        borderSector: 'Qusayr',
        decision: 1,
        dueInDays: 7,
        status: 'open',
        priority: 'high',
        issueArea: 'narcotics',
      },
      {
        title: 'Draft the joint seizure procedure',
        assignees: ['lb-liaison', 'sy-liaison'],
        raisingParty: 'LB',
        decision: 2,
        dueInDays: 14,
        status: 'open',
        priority: 'normal',
        issueArea: 'organized_crime',
      },
    ],
  },
  {
    committee: 'LB-SY-ARMS',
    meeting: {
      startsAt: '2025-11-20T09:30:00+02:00',
      place: 'Masnaa border crossing',
      agenda: '1. Illegal crossings used for arms trafficking\n2. Fuel smuggling',
      minutes: 'The Lebanese side raised arms trafficking through illegal crossings in the north.',
      decisions: [
        'Close the illegal crossings identified in the Wadi Khaled area.',
        'Report fuel smuggling seizures monthly.',
      ],
    },
    commitments: [
      {
        owner: 'LB',
        agency: 'LAF',
        title: 'Close three illegal crossings in Wadi Khaled',
        decision: 1,
        dueInDays: -1,
        status: 'in_progress',
        progress: 30,
        issueArea: 'illegal_crossings',
      },
      {
        owner: 'SY',
        agency: 'MOI',
        title: 'Report fuel smuggling seizures every month',
        decision: 2,
        dueInDays: 25,
        status: 'in_progress',
        progress: 10,
        issueArea: 'goods_fuel_smuggling',
      },
    ],
    assignments: [
      {
        title: 'Verify closure of crossings in Wadi Khaled',
        assignees: ['lb-liaison'],
        raisingParty: 'LB',
        borderSector: 'Wadi Khaled',
        decision: 1,
        dueInDays: -1,
        status: 'blocked',
        priority: 'urgent',
        issueArea: 'illegal_crossings',
        acknowledged: true,
      },
      {
        title: 'Compile October fuel seizure figures',
        assignees: ['sy-liaison'],
        raisingParty: 'LB',
        decision: 2,
        dueInDays: -2,
        status: 'done',
        priority: 'normal',
        issueArea: 'goods_fuel_smuggling',
        acknowledged: true,
      },
    ],
  },
];
