/**
 * Word lists for `bench/seed-scale.mjs`: English and Arabic side by side ([en, ar] pairs),
 * combined in SQL into titles, names and update texts. Places and names are real border
 * areas and common names; the people are invented. No pair repeats a demo person's name, so
 * the demo seed (which finds its people by name) never mistakes a scale person for its own.
 */

/** Commitment titles: what a side pledges to do. */
export const COMMITMENT_ACTIONS = [
  ['Dismantle the smuggling network', 'تفكيك شبكة التهريب'],
  ['Close the illegal crossing', 'إغلاق المعبر غير الشرعي'],
  ['Station joint inspection teams', 'نشر فرق تفتيش مشتركة'],
  ['Seize captagon shipments', 'ضبط شحنات الكبتاغون'],
  ['Arrest wanted fugitives', 'توقيف المطلوبين الفارّين'],
  ['Exchange lists of wanted persons', 'تبادل قوائم المطلوبين'],
  ['Install surveillance cameras', 'تركيب كاميرات مراقبة'],
  ['Reinforce border patrols', 'تعزيز الدوريات الحدودية'],
  ['Map the smuggling routes', 'رسم خرائط طرق التهريب'],
  ['Destroy the drug production site', 'إتلاف موقع تصنيع المخدرات'],
  ['Stop fuel smuggling', 'وقف تهريب المحروقات'],
  ['Return the seized vehicles', 'إعادة المركبات المضبوطة'],
  ['Hand over the detained suspects', 'تسليم الموقوفين المشتبه بهم'],
  ['Set up a joint checkpoint', 'إقامة حاجز مشترك'],
  ['Share intelligence on arms trafficking', 'تبادل المعلومات حول تهريب الأسلحة'],
  ['Block the unofficial road', 'قطع الطريق غير الرسمي'],
  ['Train customs officers', 'تدريب عناصر الجمارك'],
  ['Report weekly seizure figures', 'رفع تقارير أسبوعية بأرقام المضبوطات'],
  ['Inspect the warehouses', 'تفتيش المستودعات'],
  ['Coordinate the return of migrants', 'تنسيق عودة المهاجرين'],
  ['Investigate the kidnapping network', 'التحقيق في شبكة الخطف'],
  ['Secure the border posts', 'تأمين المخافر الحدودية'],
];

/** Assignment titles: field work given to liaison officers. */
export const ASSIGNMENT_ACTIONS = [
  ['Verify the closure of crossings', 'التحقق من إغلاق المعابر'],
  ['Compile seizure figures', 'جمع أرقام المضبوطات'],
  ['Draft the joint procedure', 'صياغة الإجراء المشترك'],
  ['Escort the inspection team', 'مرافقة فريق التفتيش'],
  ['Collect witness statements', 'جمع إفادات الشهود'],
  ['Survey the unofficial roads', 'مسح الطرق غير الرسمية'],
  ['Prepare the list of wanted persons', 'إعداد قائمة المطلوبين'],
  ['Follow up the detainee file', 'متابعة ملف الموقوفين'],
  ['Check the cameras', 'فحص الكاميرات'],
  ['Deliver the evidence file', 'تسليم ملف الأدلة'],
  ['Brief the counterpart liaison cell', 'إطلاع خلية الارتباط المقابلة'],
  ['Photograph the earth barriers', 'تصوير السواتر الترابية'],
];

/** Where: a preposition and a place, as each language says it. */
export const PLACES = [
  ['near Qusayr crossing', 'قرب معبر القصير'],
  ['at Masnaa crossing', 'عند معبر المصنع'],
  ['in the Hermel sector', 'في قطاع الهرمل'],
  ['in Wadi Khaled', 'في وادي خالد'],
  ['near Arsal', 'قرب عرسال'],
  ['at Jdeidet Yabous', 'عند جديدة يابوس'],
  ['in the Qaa plains', 'في سهل القاع'],
  ['near Tal Kalakh', 'قرب تلكلخ'],
  ['at Al-Arida crossing', 'عند معبر العريضة'],
  ['at Al-Aboudiyeh crossing', 'عند معبر العبودية'],
  ['in the Zabadani area', 'في منطقة الزبداني'],
  ['near Serghaya', 'قرب سرغايا'],
  ['in the Baalbek region', 'في منطقة بعلبك'],
  ['near Hawsh al-Sayyed Ali', 'قرب حوش السيد علي'],
  ['at Joussieh crossing', 'عند معبر جوسية'],
  ['in the Anti-Lebanon mountains', 'في سلسلة جبال لبنان الشرقية'],
  ['near Nabk', 'قرب النبك'],
  ['near Yabroud', 'قرب يبرود'],
  ['at Matraba crossing', 'عند معبر مطربا'],
  ['in the Akkar plain', 'في سهل عكار'],
  ['near Rankous', 'قرب رنكوس'],
  ['at Dabousieh crossing', 'عند معبر الدبوسية'],
  ['in the Bekaa valley', 'في سهل البقاع'],
  ['along the northern border', 'على طول الحدود الشمالية'],
  ['along the eastern border', 'على طول الحدود الشرقية'],
];

/** Border sectors (assignments' free-text `border_sector`). */
export const SECTORS = [
  'Masnaa crossing',
  'Hermel sector',
  'Wadi Khaled',
  'Qusayr',
  'Arsal outskirts',
  'Jdeidet Yabous',
  'Qaa plains',
  'Tal Kalakh',
  'Al-Arida crossing',
  'Al-Aboudiyeh crossing',
  'Zabadani',
  'Serghaya',
  'Joussieh crossing',
  'Matraba crossing',
  'Akkar plain',
  'Dabousieh crossing',
];

/** Optional endings of a title; the first is none. */
export const QUALIFIERS = [
  ['', ''],
  [' within 30 days', ' خلال 30 يوماً'],
  [' before the next meeting', ' قبل الاجتماع المقبل'],
  [' in coordination with the other side', ' بالتنسيق مع الجانب الآخر'],
  [' by the end of the quarter', ' قبل نهاية الفصل'],
  [' with monthly reporting', ' مع تقارير شهرية'],
];

/** Item descriptions (most items have none). */
export const DESCRIPTIONS = [
  [
    'Agreed at the joint meeting; progress is reported at each session.',
    'اتُّفق عليه في الاجتماع المشترك ويُعرض التقدّم في كل جلسة.',
  ],
  [
    'Follows the field report of the liaison cell on the routes in use.',
    'بناءً على التقرير الميداني لخلية الارتباط حول الطرق المستخدمة.',
  ],
  ['Both delegations asked for evidence to be shared before sign-off.', 'طلب الوفدان مشاركة الأدلة قبل المصادقة.'],
  ['Part of the border plan adopted by both ministries.', 'جزء من خطة الحدود التي أقرّتها الوزارتان.'],
];

/** Progress notes on the timeline. */
export const UPDATE_NOTES = [
  ['Joint patrol held at the crossing; two couriers detained.', 'نُفّذت دورية مشتركة عند المعبر وأوقف ناقلان.'],
  [
    'Site visited with the counterpart delegation; report shared.',
    'زيارة ميدانية مع وفد الجانب الآخر وتمت مشاركة التقرير.',
  ],
  ['Surveillance footage reviewed; a new route identified.', 'تمت مراجعة تسجيلات المراقبة وتحديد طريق جديد.'],
  ['Seizure recorded: 120,000 captagon pills.', 'تم تسجيل ضبط 120 ألف حبة كبتاغون.'],
  ['Awaiting approval from the ministry.', 'بانتظار موافقة الوزارة.'],
  ['Checkpoint staffed around the clock since Monday.', 'الحاجز مُجهّز بالعناصر على مدار الساعة منذ الإثنين.'],
  ['Two vehicles and a quantity of fuel seized.', 'ضبط سيارتين وكمية من المحروقات.'],
  ['Lists exchanged at the liaison cell meeting.', 'تم تبادل القوائم خلال اجتماع خلية الارتباط.'],
  ['Work delayed by the weather; resuming next week.', 'تأخّر العمل بسبب الطقس ويُستأنف الأسبوع المقبل.'],
  ['The counterpart confirmed receipt of the file.', 'أكّد الجانب الآخر استلام الملف.'],
  ['Earth barrier built across the unofficial road.', 'أُقيم ساتر ترابي على الطريق غير الرسمي.'],
  ['Three suspects handed over at the crossing.', 'تم تسليم ثلاثة مشتبه بهم عند المعبر.'],
];

/** Notes that come with a change of status, by the status moved to (and `start` for the first move). */
export const TRANSITION_NOTES = {
  start: ['Work started as agreed at the meeting.', 'بدأ العمل كما اتُّفق عليه في الاجتماع.'],
  fulfilment_claimed: [
    'Work completed; evidence shared with the counterpart.',
    'أُنجز العمل وتمت مشاركة الأدلة مع الجانب الآخر.',
  ],
  fulfilled: ['Fulfilment verified by our side.', 'تم التحقق من التنفيذ من جانبنا.'],
  withdrawn: ['Withdrawn: superseded by a later decision.', 'سُحب: حلّ محلّه قرار لاحق.'],
  blocked: ['Blocked: access to the area is closed.', 'متوقف: الوصول إلى المنطقة مغلق.'],
  done: ['Done; report filed.', 'أُنجز ورُفع التقرير.'],
  cancelled: ['Cancelled by the secretariat.', 'أُلغي من قبل الأمانة.'],
};

/** Topics and sectors of the generated sub-committees (9 × 5 distinct names). */
export const COMMITTEE_TOPICS = [
  ['Narcotics', 'لمكافحة المخدرات', 'narcotics'],
  ['Arms Trafficking', 'لمكافحة تهريب الأسلحة', 'arms_trafficking'],
  ['Fuel Smuggling', 'لمكافحة تهريب المحروقات', 'goods_fuel_smuggling'],
  ['Illegal Crossings', 'لإغلاق المعابر غير الشرعية', 'illegal_crossings'],
  ['Migration and Returns', 'لشؤون الهجرة والعودة', 'illegal_migration'],
  ['Border Monitoring', 'لمراقبة الحدود', 'border_monitoring'],
  ['Fugitives and Extraditions', 'لشؤون المطلوبين والتسليم', 'organized_crime'],
  ['Intelligence Sharing', 'لتبادل المعلومات', 'intelligence_sharing'],
  ['Counterterrorism', 'لمكافحة الإرهاب', 'counterterrorism'],
];

export const COMMITTEE_SECTORS = [
  ['North (Akkar)', 'الشمال (عكار)'],
  ['Hermel–Qusayr', 'الهرمل–القصير'],
  ['Baalbek–Arsal', 'بعلبك–عرسال'],
  ['Masnaa–Jdeidet Yabous', 'المصنع–جديدة يابوس'],
  ['Zabadani–Serghaya', 'الزبداني–سرغايا'],
];

/** Given names and family names by party, and ranks (none for civilian secretaries). */
export const NAMES = {
  LB: {
    first: [
      ['Georges', 'جورج'],
      ['Hassan', 'حسن'],
      ['Ali', 'علي'],
      ['Michel', 'ميشال'],
      ['Ziad', 'زياد'],
      ['Fadi', 'فادي'],
      ['Nabil', 'نبيل'],
      ['Walid', 'وليد'],
      ['Joseph', 'جوزيف'],
      ['Mahmoud', 'محمود'],
      ['Bilal', 'بلال'],
      ['Rami', 'رامي'],
      ['Hadi', 'هادي'],
      ['Tony', 'طوني'],
      ['Jihad', 'جهاد'],
      ['Marwan', 'مروان'],
      ['Nour', 'نور'],
      ['Maya', 'مايا'],
    ],
    last: [
      ['Khalil', 'خليل'],
      ['Hamdan', 'حمدان'],
      ['Sleiman', 'سليمان'],
      ['Mansour', 'منصور'],
      ['El Hajj', 'الحاج'],
      ['Daher', 'ضاهر'],
      ['Ghanem', 'غانم'],
      ['Karam', 'كرم'],
      ['Moussa', 'موسى'],
      ['Rizk', 'رزق'],
      ['Zein', 'الزين'],
      ['Jaber', 'جابر'],
      ['Fakhoury', 'فاخوري'],
      ['Harb', 'حرب'],
      ['Issa', 'عيسى'],
    ],
  },
  SY: {
    first: [
      ['Ahmad', 'أحمد'],
      ['Mohammad', 'محمد'],
      ['Firas', 'فراس'],
      ['Bassam', 'بسام'],
      ['Louay', 'لؤي'],
      ['Anas', 'أنس'],
      ['Mazen', 'مازن'],
      ['Tarek', 'طارق'],
      ['Hussam', 'حسام'],
      ['Wael', 'وائل'],
      ['Nizar', 'نزار'],
      ['Ayman', 'أيمن'],
      ['Ghassan', 'غسان'],
      ['Maher', 'ماهر'],
      ['Iyad', 'إياد'],
      ['Lina', 'لينا'],
    ],
    last: [
      ['Al-Hasan', 'الحسن'],
      ['Shaaban', 'شعبان'],
      ['Qassem', 'قاسم'],
      ['Al-Khatib', 'الخطيب'],
      ['Al-Masri', 'المصري'],
      ['Hijazi', 'حجازي'],
      ['Al-Ali', 'العلي'],
      ['Mardini', 'مارديني'],
      ['Al-Halabi', 'الحلبي'],
      ['Othman', 'عثمان'],
      ['Zidan', 'زيدان'],
      ['Al-Sayed', 'السيد'],
      ['Kanaan', 'كنعان'],
      ['Bakour', 'بكور'],
      ['Al-Omar', 'العمر'],
    ],
  },
};

/** Ranks by role: [English abbreviation, Arabic, rank_title]. */
export const RANKS = {
  co_chair: [
    ['Brig. Gen.', 'العميد', 'Brigadier General'],
    ['Maj. Gen.', 'اللواء', 'Major General'],
  ],
  liaison_officer: [
    ['Capt.', 'النقيب', 'Captain'],
    ['Lt.', 'الملازم أول', 'First Lieutenant'],
    ['Maj.', 'الرائد', 'Major'],
  ],
  member: [
    ['Col.', 'العقيد', 'Colonel'],
    ['Lt. Col.', 'المقدم', 'Lieutenant Colonel'],
  ],
  secretary: [['', '', 'Committee secretary']],
};
