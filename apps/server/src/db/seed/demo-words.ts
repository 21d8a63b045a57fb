/**
 * Word lists and reference tables for the demo region (济南市). Data only: the generator in
 * demo-region.ts combines them. Region names and codes are real (GB/T 2260) and the streets are roads of
 * each district (a demo, not a gazetteer); brands, terminal makers and people are invented.
 */

export type County = {
  code: string;
  name: string;
  /** Approximate WGS-84 centre of the district's built-up area, where its schools cluster. */
  latitude: number;
  longitude: number;
  /** How far from the centre schools and recruitment points may lie. */
  spreadKm: number;
  schoolCount: number;
  /** Plate prefix: 莱芜 and 钢城 joined 济南 in 2019 and many of their cars still carry 鲁S. */
  platePrefix: '鲁A' | '鲁S';
  streets: readonly string[];
};

/** Space-separated lists keep long word lists compact; several strings may be passed for line length. */
function words(...lines: string[]): string[] {
  return lines.join(' ').split(' ').filter(Boolean);
}

export const PROVINCE = { code: '370000', name: '山东省' } as const;
export const CITY = { code: '370100', name: '济南市' } as const;

/** Jinan's districts and counties; the school counts add up to 96 and lean towards the urban districts. */
export const JINAN_COUNTIES: readonly County[] = [
  {
    code: '370102',
    name: '历下区',
    latitude: 36.666,
    longitude: 117.076,
    spreadKm: 4,
    schoolCount: 8,
    platePrefix: '鲁A',
    streets: ['经十路', '解放东路', '文化东路', '山大路', '历山路', '旅游路', '工业南路', '奥体西路'],
  },
  {
    code: '370103',
    name: '市中区',
    latitude: 36.651,
    longitude: 116.998,
    spreadKm: 4,
    schoolCount: 9,
    platePrefix: '鲁A',
    streets: ['经七路', '纬二路', '英雄山路', '舜耕路', '二环南路', '玉函路', '党杨路', '郎茂山路'],
  },
  {
    code: '370104',
    name: '槐荫区',
    latitude: 36.651,
    longitude: 116.901,
    spreadKm: 5,
    schoolCount: 9,
    platePrefix: '鲁A',
    streets: ['经十西路', '张庄路', '腊山河西路', '日照路', '济兖路', '青岛路', '经二路', '齐州路'],
  },
  {
    code: '370105',
    name: '天桥区',
    latitude: 36.694,
    longitude: 116.987,
    spreadKm: 5,
    schoolCount: 9,
    platePrefix: '鲁A',
    streets: ['北园大街', '无影山路', '济泺路', '标山路', '堤口路', '清河北路', '蓝翔路', '黄岗路'],
  },
  {
    code: '370112',
    name: '历城区',
    latitude: 36.69,
    longitude: 117.15,
    spreadKm: 7,
    schoolCount: 15,
    platePrefix: '鲁A',
    streets: ['工业北路', '花园路', '二环东路', '唐冶西路', '飞跃大道', '世纪大道', '春晖路', '荷花路'],
  },
  {
    code: '370113',
    name: '长清区',
    latitude: 36.554,
    longitude: 116.751,
    spreadKm: 6,
    schoolCount: 8,
    platePrefix: '鲁A',
    streets: ['大学路', '经十西路', '龙泉街', '清河街', '峰山路', '长兴街', '海棠路'],
  },
  {
    code: '370114',
    name: '章丘区',
    latitude: 36.714,
    longitude: 117.527,
    spreadKm: 7,
    schoolCount: 11,
    platePrefix: '鲁A',
    streets: ['汇泉路', '山泉路', '唐王山路', '百脉泉街', '绣水大街', '双山大街', '福康路'],
  },
  {
    code: '370115',
    name: '济阳区',
    latitude: 36.979,
    longitude: 117.173,
    spreadKm: 6,
    schoolCount: 6,
    platePrefix: '鲁A',
    streets: ['开元大街', '富阳街', '龙海路', '澄波湖路', '纬三路', '正安路'],
  },
  {
    code: '370116',
    name: '莱芜区',
    latitude: 36.214,
    longitude: 117.66,
    spreadKm: 7,
    schoolCount: 9,
    platePrefix: '鲁S',
    streets: ['鲁中大街', '汶源大街', '龙潭大街', '凤城大街', '长勺路', '文化路', '嬴牟西大街'],
  },
  {
    code: '370117',
    name: '钢城区',
    latitude: 36.059,
    longitude: 117.811,
    spreadKm: 5,
    schoolCount: 4,
    platePrefix: '鲁S',
    streets: ['府前大街', '钢都大街', '双元大街', '九龙大街', '艾山街', '新兴路'],
  },
  {
    code: '370124',
    name: '平阴县',
    latitude: 36.289,
    longitude: 116.456,
    spreadKm: 5,
    schoolCount: 4,
    platePrefix: '鲁A',
    streets: ['榆山路', '青龙路', '翠屏街', '锦东路', '东关街', '黄河路'],
  },
  {
    code: '370126',
    name: '商河县',
    latitude: 37.31,
    longitude: 117.157,
    spreadKm: 5,
    schoolCount: 4,
    platePrefix: '鲁A',
    streets: ['富民路', '商中路', '明辉路', '兴业路', '鑫源街', '青年路'],
  },
];

/** Brand words for school names; each school takes one, so there must be more than schools. */
export const SCHOOL_BRANDS: readonly string[] = words(
  '顺达 通达 安驰 远航 金盾 鸿运 泉城 舜耕 明湖 千佛山 恒通 福瑞 交运 长安 平安 众鑫 华宇 北方 齐鲁 泰山',
  '鲁泰 东方 金桥 宏达 嘉禾 盛通 畅通 捷安 祥和 力通 正大 永安 汇通 明珠 天成 瑞丰 驰骋 万通 迅捷 东岳',
  '兴华 宏昌 安泰 众诚 诚信 卓越 天马 骏马 飞驰 凯旋 德润 博瑞 荣达 吉祥 广通 安达 顺驰 鑫源 龙腾 腾达',
  '华安 中通 路通 恒安 顺安 金城 新华 翔宇 致远 启航 通衢 泉舜 历山 华山 黄河 大明 趵突 鹊华 泺源 舜华',
  '名泉 玉泉 锦程 万里 长城 金马 银河 星光 开元 鼎盛 宏远 鲁安 鲁通 鲁运 康达 金泰 嘉华 昌盛 裕丰 润达',
  '佳和 信达 远大 宝通 鸿基 百川 四海 永盛 安顺 通顺 驾安 华通 金鹰 蓝天 阳光 新时代',
);

/**
 * Company-name patterns, by relative frequency. `{brand}` and `{county}` (历下区, 平阴县) are
 * filled in; every pattern contains the brand, so unique brands give unique names.
 */
export const SCHOOL_NAME_PATTERNS: ReadonlyArray<readonly [string, number]> = [
  ['济南{brand}机动车驾驶员培训有限公司', 35],
  ['济南市{brand}驾驶员培训学校有限公司', 20],
  ['济南市{county}{brand}驾驶员培训有限公司', 20],
  ['济南{brand}汽车驾驶员培训学校', 15],
  ['山东{brand}驾驶培训有限公司', 10],
];

/** Sentences for a school's introduction; `{…}` fields are filled from the school's own figures. */
export const SCHOOL_INTRO_OPENING =
  '{name}成立于{year}年，位于{county}{street}，是经{county}交通运输主管部门{filing}的{grade}驾驶员培训机构。';
export const SCHOOL_INTRO_FIGURES =
  '学校现有教练车{vehicles}台、教练员{coaches}名，自有训练场地约{area}平方米，开设{classes}等车型培训。';
export const SCHOOL_INTRO_SERVICES: readonly string[] = [
  '学校全面推行计时培训、先培后付，学员可通过手机自主预约练车时间和教练员。',
  '训练场按考试场地标准建设，科目二项目与考场一致，学员练得踏实、考得放心。',
  '学费统一进入监管账户，按培训进度分阶段拨付，收费标准在报名大厅公开公示。',
  '全部教练车安装计时培训终端，培训过程全程记录，学时真实可查。',
  '学校坚持“安全第一、学员至上”，教练员定期参加职业道德和教学技能培训。',
  '在市区设有多个报名点，并开通免费接送班车，方便上班族和在校学生练车。',
  '学校连续多年在质量信誉考核中获评良好等级，学员考试合格率位居全区前列。',
  '配备模拟驾驶训练室和多媒体理论教室，理论与实操结合，提升学习效率。',
  '开设周末班和夜间班，满足不同学员的时间安排。',
];

export const GRADE_NAMES: Readonly<Record<1 | 2 | 3, string>> = { 1: '一级', 2: '二级', 3: '三级' };

/** Licence classes in Chinese, for introductions and descriptions. */
export const LICENCE_CLASS_LABELS: Readonly<Record<string, string>> = {
  A1: 'A1大型客车',
  A2: 'A2牵引车',
  B2: 'B2大型货车',
  C1: 'C1小型汽车',
  C2: 'C2小型自动挡汽车',
  D: 'D普通三轮摩托车',
  E: 'E普通二轮摩托车',
};

export type VehicleModel = { make: string; model: string };

/** 教练车 models commonly seen in Shandong schools, by the licence class they train. */
export const VEHICLE_MODELS: Readonly<Record<string, readonly VehicleModel[]>> = {
  C1: [
    { make: '大众', model: '捷达 1.5L 手动挡' },
    { make: '大众', model: '桑塔纳 1.5L 手动挡' },
    { make: '大众', model: '朗逸 1.5L 手动挡' },
    { make: '雪铁龙', model: '爱丽舍 1.6L 手动挡' },
    { make: '现代', model: '伊兰特 1.5L 手动挡' },
    { make: '长安', model: '悦翔 1.4L 手动挡' },
  ],
  C2: [
    { make: '大众', model: '朗逸 1.5L 自动挡' },
    { make: '大众', model: '桑塔纳 1.5L 自动挡' },
    { make: '丰田', model: '卡罗拉 1.2T 自动挡' },
    { make: '雪铁龙', model: '爱丽舍 1.6L 自动挡' },
  ],
  B2: [
    { make: '五十铃', model: '庆铃五十铃 600P 教练车' },
    { make: '解放', model: '一汽解放 J6F 教练车' },
    { make: '东风', model: '东风多利卡 D6 教练车' },
  ],
  A1: [
    { make: '宇通', model: 'ZK6106 教练客车' },
    { make: '金龙', model: 'XMQ6900 教练客车' },
    { make: '中通', model: 'LCK6108 教练客车' },
  ],
  A2: [
    { make: '解放', model: '一汽解放 J6P 牵引车' },
    { make: '重汽', model: '豪沃 TX 牵引车' },
    { make: '东风', model: '天龙 KL 牵引车' },
  ],
  D: [
    { make: '宗申', model: 'ZS150ZH 三轮摩托车' },
    { make: '隆鑫', model: 'LX150ZH 三轮摩托车' },
  ],
  E: [
    { make: '五羊-本田', model: 'WH125 两轮摩托车' },
    { make: '豪爵', model: 'HJ125 两轮摩托车' },
    { make: '新大洲本田', model: 'SDH125 两轮摩托车' },
  ],
};

/** Invented timing-terminal makers; `code` is the 5-character prefix of their terminal numbers. */
export const TERMINAL_MAKERS: ReadonlyArray<{
  code: string;
  name: string;
  tac: string;
  models: readonly string[];
}> = [
  { code: 'QCZL0', name: '泉城智联电子', tac: '86109304', models: ['JP-T10', 'JP-T20'] },
  { code: 'LTKJ1', name: '鲁通科技', tac: '86448903', models: ['LT-808A', 'LT-808C'] },
  { code: 'JADZ2', name: '驾安达电子', tac: '86742305', models: ['JAD-3', 'JAD-5 Pro'] },
  { code: 'HYXX3', name: '华宇信息技术', tac: '86510607', models: ['HY-JP01'] },
];

/**
 * Class-type templates. `priceYuan` is the range the price is drawn from (rounded to ¥100); `popularity`
 * weights which class a trainee picks among those the school offers.
 */
export type ClassTypeTemplate = {
  name: string;
  licenceClass: string;
  priceYuan: readonly [number, number];
  inclusions: readonly string[];
  description: string;
  popularity: number;
};

const CORE_INCLUSIONS = ['报名费', '教材费', '科目一理论培训', '科目二场地训练', '科目三道路训练'];

export const STANDARD_CLASS_TYPES: readonly ClassTypeTemplate[] = [
  {
    name: 'C1普通班',
    licenceClass: 'C1',
    priceYuan: [3800, 5000],
    inclusions: [...CORE_INCLUSIONS, '首次考试费'],
    description: '手动挡小型汽车，工作日白天练车，按学时计费、先培后付。',
    popularity: 10,
  },
  {
    name: 'C2自动挡班',
    licenceClass: 'C2',
    priceYuan: [4200, 5400],
    inclusions: [...CORE_INCLUSIONS, '首次考试费'],
    description: '自动挡小型汽车，上手快，适合只开自动挡车的学员。',
    popularity: 8,
  },
];

export const EXTRA_CLASS_TYPES: readonly ClassTypeTemplate[] = [
  {
    name: 'C1周末班',
    licenceClass: 'C1',
    priceYuan: [4600, 5600],
    inclusions: [...CORE_INCLUSIONS, '周末练车', '首次考试费'],
    description: '周六、周日集中练车，适合工作日上班的学员。',
    popularity: 4,
  },
  {
    name: 'C1 VIP一对一班',
    licenceClass: 'C1',
    priceYuan: [6000, 6800],
    inclusions: [...CORE_INCLUSIONS, '一人一车', '专属教练', '免费接送', '补考费全包'],
    description: '一人一车一教练，随到随学，优先安排考试。',
    popularity: 2,
  },
  {
    name: 'C2 VIP一对一班',
    licenceClass: 'C2',
    priceYuan: [6200, 7200],
    inclusions: [...CORE_INCLUSIONS, '一人一车', '专属教练', '免费接送', '补考费全包'],
    description: '自动挡一人一车，时间灵活，优先安排考试。',
    popularity: 2,
  },
  {
    name: 'C1夜间班',
    licenceClass: 'C1',
    priceYuan: [4400, 5400],
    inclusions: [...CORE_INCLUSIONS, '夜间练车'],
    description: '晚上 18:00–21:30 练车，训练场灯光照明齐全。',
    popularity: 3,
  },
  {
    name: 'C2学生寒暑假班',
    licenceClass: 'C2',
    priceYuan: [3900, 4800],
    inclusions: [...CORE_INCLUSIONS, '寒暑假集中培训', '凭学生证优惠'],
    description: '在校大学生寒暑假集中培训，凭学生证报名。',
    popularity: 3,
  },
];

/** Classes for the larger vehicles, offered only by schools licensed for them. */
export const LARGE_VEHICLE_CLASS_TYPES: readonly ClassTypeTemplate[] = [
  {
    name: 'B2大货车增驾班',
    licenceClass: 'B2',
    priceYuan: [8000, 12000],
    inclusions: ['报名费', '科目一理论培训', '科目二场地训练', '科目三道路训练', '首次考试费'],
    description: '持 C1 驾驶证满一年可增驾，需无记满 12 分记录。',
    popularity: 2,
  },
  {
    name: 'A1大客车增驾班',
    licenceClass: 'A1',
    priceYuan: [12000, 16000],
    inclusions: ['报名费', '科目一理论培训', '科目二场地训练', '科目三道路训练', '首次考试费'],
    description: '持 B 类驾驶证满三年可增驾，面向客运驾驶员。',
    popularity: 0.6,
  },
  {
    name: 'A2牵引车增驾班',
    licenceClass: 'A2',
    priceYuan: [11000, 15000],
    inclusions: ['报名费', '科目一理论培训', '科目二场地训练', '科目三道路训练', '首次考试费'],
    description: '持 B 类驾驶证满三年可增驾，面向货运驾驶员。',
    popularity: 0.6,
  },
  {
    name: '摩托车班',
    licenceClass: 'E',
    priceYuan: [1500, 2500],
    inclusions: ['报名费', '科目一理论培训', '场地训练', '首次考试费'],
    description: '普通二轮摩托车，两周左右可完成培训。',
    popularity: 1,
  },
];

/**
 * Common surnames in frequency tiers (relative weight, then the surnames sharing it); Shandong leans further
 * towards 王, 张, 李 and 刘 than the nation does.
 */
export const SURNAME_TIERS: ReadonlyArray<readonly [number, string]> = [
  [120, '王'],
  [100, '张 李'],
  [85, '刘'],
  [40, '赵 孙'],
  [35, '陈 杨'],
  [30, '徐'],
  [28, '马 高'],
  [22, '郭 于'],
  [20, '周 朱'],
  [18, '宋'],
  [16, '董'],
  [15, '吴'],
  [14, '许 韩 崔'],
  [12, '胡 丁 魏 田 姜'],
  [10, '曹 吕 孟'],
  [8, '程 贾 侯 石 付'],
  [6, '袁 谢 秦 邵 范 尹 薛 牛'],
  [5, '葛 路 毕'],
  [4, '房 亓'],
  [3, '鹿'],
];

/** Given names typical of people born 1965–1990 (coaches, older trainees). */
export const GIVEN_NAMES_OLDER = {
  male: words(
    '建国 建军 建华 国强 志强 志刚 伟 强 军 勇 磊 涛 鹏 斌 超 海涛 海军 立新',
    '立伟 俊杰 晓东 晓明 文斌 文涛 永强 永刚 春雷 东升 明 亮 健 刚 峰 庆华 德胜 长青',
    '学军 振华 宏伟 洪亮 新民 兆华 传东 庆林 玉峰 继东 成龙 凯 兴旺 广军',
  ),
  female: words(
    '丽 静 敏 燕 芳 娟 霞 红 艳 玲 秀英 桂兰 晓燕 丽娜 海燕 春梅 雪梅 凤霞',
    '玉梅 慧 婷 倩 莉 淑华 美玲 红梅 翠萍',
  ),
} as const;

/** Given names typical of people born 1990–2007 (most trainees, younger coaches). */
export const GIVEN_NAMES_YOUNGER = {
  male: words(
    '浩然 子轩 宇航 俊杰 梓豪 一鸣 博文 天宇 家豪 明轩 泽宇 浩宇 鑫 昊 晨阳 雨泽 思远 嘉诚',
    '文博 志远 皓轩 振宇 锦程 凯文 晓宇 佳乐 子豪 宇轩 昊天 乐 硕 帅 腾飞 亚飞 海洋 晨',
  ),
  female: words(
    '欣怡 子涵 雨萱 诗涵 梓萱 佳怡 可欣 思雨 婉清 雨桐 心怡 若曦 语嫣 梦瑶 佳琪 雅婷 晓雪 欣然',
    '嘉慧 文静 晨曦 璐 悦 颖 琳 楠 雪 梦琪 一诺 安琪',
  ),
} as const;

/** Mobile number prefixes (13x, 15x, 18x) of the three carriers. */
export const MOBILE_PREFIXES: readonly string[] = words(
  '130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159',
  '180 181 182 183 185 186 187 188 189',
);

/** Photos are relative paths (/demo/photos/school-03.jpg); serving the files is the web app's concern. */
export const PHOTO_KINDS = ['school', 'ground', 'car', 'classroom'] as const;
export const PHOTOS_PER_KIND = 12;
