import type { AssetKind, Channel, EmploymentStatus, Role, TechnicianGrade, TicketType, WarrantyBasis } from '../../shared/domain';

/**
 * What the demo data is made of: the organisations of the requirements' seed (W, M, R, E, C,
 * A, H), their products, places, people and the faults their customers report.
 */

export type Industry = 'watch' | 'machinery' | 'property' | 'equipment' | 'rma' | 'vehicle' | 'appliance';
export const INDUSTRIES: readonly Industry[] = ['watch', 'machinery', 'property', 'equipment', 'rma', 'vehicle', 'appliance'];

export type FaultGroup =
  | 'watch'
  | 'machinery'
  | 'property'
  | 'access'
  | 'cctv'
  | 'ups'
  | 'router'
  | 'printer'
  | 'vehicle'
  | 'aircon'
  | 'heater'
  | 'washer';

export interface ProductSpec {
  industry: Industry;
  faults: FaultGroup;
  name: string;
  brand: string;
  model: string;
  category: string;
  kind: AssetKind;
  warrantyMonths: number;
  warrantyBasis: WarrantyBasis;
  serialPrefix: string;
  watch?: { movement: 'mechanical' | 'automatic' | 'quartz'; waterResistance: '30m' | '50m' | '100m' | '200m_plus'; caseMaterial: string };
  /** Vehicles: the VIN's world manufacturer code; `electric` plates carry a D. */
  vehicle?: { wmi: string; electric?: boolean };
  /** Property: the estate the unit belongs to. */
  estate?: string;
}

// ─── Staff ───────────────────────────────────────────────────────────────────

export interface StaffSpec {
  username: string;
  name: string;
  role: Role;
  industry?: Industry;
  grade?: TechnicianGrade;
  employmentStatus?: EmploymentStatus;
  /** What the SLA attainment report groups technicians by. */
  team?: string;
}

/** The workshops and field teams; home appliances have two crews, split by roster order. */
const TEAMS: Record<Exclude<Industry, 'appliance'>, string> = {
  machinery: '工程机械服务队',
  property: '物业维修部',
  equipment: '设备运维组',
  watch: '名表维修部',
  rma: '产品返修中心',
  vehicle: '4S店车间',
};

const TECHNICIANS: readonly [string, Industry, TechnicianGrade, EmploymentStatus][] = [
  ['李建军', 'machinery', 'senior', 'regular'],
  ['张海涛', 'machinery', 'intermediate', 'regular'],
  ['刘志刚', 'machinery', 'junior', 'apprentice'],
  ['陈勇', 'property', 'senior', 'regular'],
  ['杨磊', 'property', 'intermediate', 'probation'],
  ['黄伟', 'property', 'junior', 'trial'],
  ['赵强', 'equipment', 'senior', 'regular'],
  ['吴鹏', 'equipment', 'intermediate', 'regular'],
  ['周斌', 'equipment', 'junior', 'probation'],
  ['徐立新', 'watch', 'senior', 'regular'],
  ['孙浩', 'watch', 'intermediate', 'regular'],
  ['马俊', 'watch', 'junior', 'apprentice'],
  ['朱明辉', 'rma', 'intermediate', 'regular'],
  ['胡永强', 'rma', 'junior', 'regular'],
  ['郭涛', 'rma', 'junior', 'trial'],
  ['何亮', 'vehicle', 'senior', 'regular'],
  ['高峰', 'vehicle', 'intermediate', 'probation'],
  ['林志远', 'vehicle', 'junior', 'regular'],
  ['罗文斌', 'appliance', 'senior', 'regular'],
  ['梁家豪', 'appliance', 'intermediate', 'regular'],
  ['宋国平', 'appliance', 'junior', 'apprentice'],
  ['唐晓峰', 'appliance', 'junior', 'trial'],
];

export const STAFF: readonly StaffSpec[] = [
  ...['陈静', '刘婷婷', '赵敏', '孙悦'].map((name, i) => ({ username: `agent${i + 1}`, name, role: 'hotline_agent' as const })),
  ...['周建国', '吴晓燕', '郑凯'].map((name, i) => ({ username: `dispatch${i + 1}`, name, role: 'dispatcher' as const })),
  ...TECHNICIANS.map(([name, industry, grade, employmentStatus], i) => ({
    username: `tech${String(i + 1).padStart(2, '0')}`,
    name,
    role: 'technician' as const,
    industry,
    grade,
    employmentStatus,
    team: industry === 'appliance' ? (TECHNICIANS.slice(0, i).filter((t) => t[1] === 'appliance').length % 2 === 0 ? '家电维修一组' : '家电维修二组') : TEAMS[industry],
  })),
  ...['王德明', '曹丽华', '彭志宏'].map((name, i) => ({ username: `supervisor${i + 1}`, name, role: 'supervisor' as const })),
  ...['许文博', '韩雪'].map((name, i) => ({ username: `support${i + 1}`, name, role: 'tech_support' as const })),
  ...['冯建平', '邓小红'].map((name, i) => ({ username: `parts${i + 1}`, name, role: 'parts_admin' as const })),
  ...['曾志伟', '肖敏'].map((name, i) => ({ username: `qc${i + 1}`, name, role: 'qc_inspector' as const })),
  ...['田秀兰', '董佳'].map((name, i) => ({ username: `finance${i + 1}`, name, role: 'finance' as const })),
];

export const DEMO_PASSWORD = 'demo-password';

// ─── People and places ───────────────────────────────────────────────────────

/** Common surnames, most frequent first (weights roughly follow their share). */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 71], ['张', 68], ['刘', 54], ['陈', 46], ['杨', 32], ['黄', 24], ['赵', 23], ['吴', 21], ['周', 21],
  ['徐', 15], ['孙', 15], ['马', 13], ['朱', 13], ['胡', 12], ['郭', 11], ['何', 10], ['高', 10], ['林', 10], ['罗', 9],
  ['郑', 9], ['梁', 9], ['谢', 7], ['宋', 7], ['唐', 7], ['许', 6], ['韩', 6], ['冯', 6], ['邓', 6], ['曹', 6],
  ['彭', 5], ['曾', 5], ['肖', 5], ['田', 5], ['董', 5], ['袁', 4], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4],
  ['余', 4], ['杜', 4], ['叶', 4], ['程', 4], ['苏', 3], ['魏', 3], ['吕', 3], ['丁', 3], ['任', 3], ['沈', 3],
  ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3], ['汪', 3], ['范', 3], ['金', 3],
  ['石', 2], ['廖', 2], ['贾', 2], ['夏', 2], ['韦', 2], ['方', 2], ['白', 2], ['邹', 2], ['孟', 2], ['熊', 2],
  ['秦', 2], ['邱', 2], ['江', 2], ['尹', 2], ['薛', 2], ['段', 2], ['雷', 2], ['侯', 2], ['龙', 2], ['史', 2],
  ['欧阳', 1], ['司马', 0.3], ['诸葛', 0.2],
];

/** One-character given names (伟, 芳) and two-character ones as people are actually named. */
export const GIVEN_MALE = '伟 强 磊 军 勇 杰 涛 明 超 刚 平 辉 鹏 华 飞 鑫 波 斌 宇 浩 凯 健 俊 帆 旭 宁 龙 林 峰 亮 晨'.split(' ');
export const GIVEN_FEMALE = '芳 娜 敏 静 丽 艳 娟 霞 玲 燕 萍 红 梅 琳 洁 婷 雪 倩 颖 慧 莉 琴 云 佳 怡 欣 蕾 璐 悦 晶 瑶 丹'.split(' ');
export const GIVEN_MALE_DOUBLE = (
  '建国 建军 志强 志刚 海涛 海峰 晓东 晓明 文博 文杰 子轩 子豪 浩然 浩宇 俊杰 俊峰 宇航 明辉 明杰 国强 国庆 建华 永强 永刚 立新 ' +
  '立伟 家豪 嘉伟 振华 振宇 春雷 德华 卫东 天宇 思远 博文 一鸣 泽宇 昊天 伟民 志伟 建平 新民 学军 玉龙 金龙 宏伟 鹏飞 晓峰 国平'
).split(' ');
export const GIVEN_FEMALE_DOUBLE = (
  '秀英 秀兰 桂英 玉兰 丽娟 丽华 美玲 晓燕 晓丽 海燕 静怡 欣怡 雨涵 梓涵 诗涵 佳怡 梦琪 思雨 雅婷 婷婷 慧敏 淑芬 春梅 冬梅 红霞 ' +
  '彩霞 丽萍 文静 晓雪 子涵 可馨 若曦 紫萱 心怡 佳琪 雪梅 凤英 建英 丹丹 莉莉 玉梅 秀珍 美华 小红 晓红 艳萍 金凤 月娥 欣然 语嫣'
).split(' ');

export interface District {
  name: string;
  streets: readonly string[];
}

export interface City {
  province: string;
  city: string;
  short: string;
  areaCode: string;
  plates: readonly string[];
  districts: readonly District[];
}

export const CITIES: readonly City[] = [
  {
    province: '上海市', city: '上海市', short: '上海', areaCode: '021', plates: ['沪A', '沪B', '沪D', '沪E', '沪F'],
    districts: [
      { name: '浦东新区', streets: ['张杨路', '世纪大道', '锦绣路', '张江路', '杨高南路'] },
      { name: '徐汇区', streets: ['漕溪北路', '田林路', '肇嘉浜路', '龙华中路'] },
      { name: '闵行区', streets: ['七莘路', '虹梅路', '沪闵路', '莘庄路'] },
      { name: '静安区', streets: ['南京西路', '延安中路', '共和新路'] },
    ],
  },
  {
    province: '北京市', city: '北京市', short: '北京', areaCode: '010', plates: ['京A', '京B', '京N', '京Q'],
    districts: [
      { name: '朝阳区', streets: ['建国路', '望京街', '东三环中路', '朝阳北路'] },
      { name: '海淀区', streets: ['中关村大街', '学院路', '西三环北路', '上地十街'] },
      { name: '丰台区', streets: ['丰台北路', '南四环西路', '科学城路'] },
    ],
  },
  {
    province: '广东省', city: '广州市', short: '广州', areaCode: '020', plates: ['粤A'],
    districts: [
      { name: '天河区', streets: ['天河路', '体育西路', '黄埔大道西', '中山大道'] },
      { name: '越秀区', streets: ['中山五路', '东风中路', '环市东路'] },
      { name: '番禺区', streets: ['市桥街', '迎宾路', '汉溪大道'] },
    ],
  },
  {
    province: '广东省', city: '深圳市', short: '深圳', areaCode: '0755', plates: ['粤B'],
    districts: [
      { name: '南山区', streets: ['科技园南路', '深南大道', '南海大道', '后海大道'] },
      { name: '福田区', streets: ['福华三路', '益田路', '彩田路'] },
      { name: '宝安区', streets: ['宝安大道', '新湖路', '创业一路'] },
    ],
  },
  {
    province: '浙江省', city: '杭州市', short: '杭州', areaCode: '0571', plates: ['浙A'],
    districts: [
      { name: '西湖区', streets: ['文三路', '天目山路', '古墩路'] },
      { name: '滨江区', streets: ['江南大道', '滨盛路', '长河路'] },
      { name: '余杭区', streets: ['文一西路', '五常大道'] },
    ],
  },
  {
    province: '江苏省', city: '南京市', short: '南京', areaCode: '025', plates: ['苏A'],
    districts: [
      { name: '鼓楼区', streets: ['中山北路', '湖南路', '汉中路'] },
      { name: '江宁区', streets: ['双龙大道', '天元中路', '胜太路'] },
    ],
  },
  {
    province: '江苏省', city: '苏州市', short: '苏州', areaCode: '0512', plates: ['苏E'],
    districts: [
      { name: '工业园区', streets: ['星湖街', '现代大道', '苏州大道东'] },
      { name: '姑苏区', streets: ['人民路', '干将西路'] },
    ],
  },
  {
    province: '四川省', city: '成都市', short: '成都', areaCode: '028', plates: ['川A'],
    districts: [
      { name: '武侯区', streets: ['人民南路四段', '天府大道北段', '武侯祠大街'] },
      { name: '锦江区', streets: ['春熙路', '东大街', '红星路'] },
      { name: '高新区', streets: ['天府三街', '益州大道'] },
    ],
  },
  {
    province: '湖北省', city: '武汉市', short: '武汉', areaCode: '027', plates: ['鄂A'],
    districts: [
      { name: '洪山区', streets: ['珞喻路', '雄楚大道', '光谷大道'] },
      { name: '江汉区', streets: ['解放大道', '建设大道', '新华路'] },
    ],
  },
  {
    province: '湖南省', city: '长沙市', short: '长沙', areaCode: '0731', plates: ['湘A'],
    districts: [
      { name: '岳麓区', streets: ['麓山南路', '桐梓坡路', '金星中路'] },
      { name: '雨花区', streets: ['韶山中路', '劳动东路'] },
    ],
  },
  {
    province: '山东省', city: '青岛市', short: '青岛', areaCode: '0532', plates: ['鲁B'],
    districts: [
      { name: '市南区', streets: ['香港中路', '山东路', '闽江路'] },
      { name: '崂山区', streets: ['海尔路', '松岭路'] },
    ],
  },
  {
    province: '陕西省', city: '西安市', short: '西安', areaCode: '029', plates: ['陕A'],
    districts: [
      { name: '雁塔区', streets: ['小寨东路', '高新路', '长安南路'] },
      { name: '未央区', streets: ['凤城八路', '未央路'] },
    ],
  },
  {
    province: '天津市', city: '天津市', short: '天津', areaCode: '022', plates: ['津A', '津C'],
    districts: [
      { name: '和平区', streets: ['南京路', '贵州路'] },
      { name: '河西区', streets: ['友谊路', '围堤道'] },
    ],
  },
  {
    province: '重庆市', city: '重庆市', short: '重庆', areaCode: '023', plates: ['渝A', '渝B'],
    districts: [
      { name: '渝北区', streets: ['金开大道', '新南路', '龙溪路'] },
      { name: '九龙坡区', streets: ['杨家坪正街', '科园一路'] },
    ],
  },
  {
    province: '河南省', city: '郑州市', short: '郑州', areaCode: '0371', plates: ['豫A'],
    districts: [
      { name: '金水区', streets: ['花园路', '农业路', '经三路'] },
      { name: '郑东新区', streets: ['商务外环路', '金水东路'] },
    ],
  },
];

export const COMPOUNDS = ['阳光花园', '翠湖苑', '金色家园', '世纪新城', '东方明珠苑', '绿地小区', '和平里', '幸福家园', '枫林绿洲', '龙湖花园', '中海国际社区', '桃源居', '春江花月', '丽景湾'];
export const OFFICE_BUILDINGS = ['国际大厦', '科技大厦', '商务中心', '金融中心', '创业园', '广场写字楼', '产业园'];

export interface Estate {
  name: string;
  code: string;
  developer: string;
  cityIndex: number;
  district: string;
  line: string;
  /** Days before today that the estate was handed over to its owners (交付). */
  handedOverDaysAgo: number;
  buildings: number;
  units: number;
  floors: number;
}

export const ESTATES: readonly Estate[] = [
  { name: '锦绣华庭', code: 'JXHT', developer: '锦城置业', cityIndex: 0, district: '闵行区', line: '七莘路1888弄', handedOverDaysAgo: 240, buildings: 12, units: 3, floors: 18 },
  { name: '滨江壹号', code: 'BJYH', developer: '钱塘地产', cityIndex: 4, district: '滨江区', line: '江南大道3688号', handedOverDaysAgo: 520, buildings: 8, units: 2, floors: 32 },
  { name: '翡翠湾', code: 'FCW', developer: '鹏城置地', cityIndex: 3, district: '南山区', line: '后海大道2399号', handedOverDaysAgo: 690, buildings: 6, units: 2, floors: 28 },
  { name: '金域蓝湾', code: 'JYLW', developer: '天府城建', cityIndex: 7, district: '武侯区', line: '天府大道北段1700号', handedOverDaysAgo: 1150, buildings: 15, units: 4, floors: 26 },
  { name: '御景园', code: 'YJY', developer: '金陵房产', cityIndex: 5, district: '江宁区', line: '双龙大道1118号', handedOverDaysAgo: 1600, buildings: 20, units: 3, floors: 11 },
];

export const COMPANY_WORDS = ['宏达', '恒通', '鑫源', '华盛', '中联', '瑞丰', '天成', '永信', '金桥', '卓越', '东方', '盛世', '博远', '嘉禾', '新世纪', '广厦', '远航', '明珠', '安泰', '兴业', '汇通', '长城', '万里', '德信', '宏图', '正大', '华宇', '佳联'];

export const COMPANY_SUFFIXES: Record<'machinery' | 'equipment' | 'rma' | 'vehicle', readonly string[]> = {
  machinery: ['建设工程有限公司', '土石方工程有限公司', '路桥工程有限公司', '工程机械租赁有限公司', '矿业有限公司', '市政工程有限公司'],
  equipment: ['物业管理有限公司', '人民医院', '实验学校', '商业广场', '大酒店', '数据科技有限公司', '产业园管理有限公司', '银行支行'],
  rma: ['科技有限公司', '贸易有限公司', '会计师事务所', '文化传媒有限公司', '网络科技有限公司', '设计院'],
  vehicle: ['汽车租赁有限公司', '物流有限公司', '出租汽车有限公司'],
};

export const CONTACT_TITLES: Record<'machinery' | 'equipment' | 'rma' | 'vehicle', readonly string[]> = {
  machinery: ['项目经理', '设备主管', '机务队长'],
  equipment: ['机电主管', '总务科长', '信息科主任', '安保部经理'],
  rma: ['IT主管', '行政经理', '网管'],
  vehicle: ['车队队长', '行政主管'],
};

export const CUSTOMER_NOTES = ['VIP客户', '老客户，偏好上午上门', '上门前请提前一小时电话联系', '已购买延保服务', '对噪音敏感，施工请避开午休时间', '小区需登记后进入'];

// ─── Products ────────────────────────────────────────────────────────────────

const WATCHES: ProductSpec[] = (
  [
    ['名士 Baume & Mercier', '克里顿 Clifton Baumatic 自动机械腕表', 'M0A10398', 'automatic', '50m', '精钢'],
    ['名士 Baume & Mercier', '克莱斯麦 Classima 石英腕表', 'M0A10356', 'quartz', '50m', '精钢'],
    ['名士 Baume & Mercier', '利维拉 Riviera 自动机械腕表', 'M0A10616', 'automatic', '100m', '精钢'],
    ['名士 Baume & Mercier', '卡普蓝 Capeland 计时腕表', 'M0A10450', 'automatic', '50m', '精钢'],
    ['名士 Baume & Mercier', '汉伯顿 Hampton 石英女表', 'M0A10021', 'quartz', '30m', '精钢镶钻'],
    ['宝齐莱 Carl F. Bucherer', '马利龙 Manero Peripheral 自动腕表', '00.10917.08.13.01', 'automatic', '30m', '精钢'],
    ['宝齐莱 Carl F. Bucherer', '柏拉维 Patravi ScubaTec 潜水腕表', '00.10632.23.33.01', 'automatic', '200m_plus', '精钢'],
    ['宝齐莱 Carl F. Bucherer', '柏拉维 Patravi 年历腕表', '00.10633.08.63.01', 'automatic', '100m', '精钢'],
    ['宝齐莱 Carl F. Bucherer', '柏索斯 Pathos 石英女表', '00.10580.08.25.21', 'quartz', '30m', '精钢'],
    ['宝齐莱 Carl F. Bucherer', '马利龙 Manero 手动上链腕表', '00.10911.03.16.01', 'mechanical', '30m', '18K玫瑰金'],
  ] as const
).map(([brand, name, model, movement, waterResistance, caseMaterial]) => ({
  industry: 'watch',
  faults: 'watch',
  brand,
  name,
  model,
  category: '腕表',
  kind: 'watch',
  warrantyMonths: 24,
  warrantyBasis: 'purchase',
  serialPrefix: '',
  watch: { movement, waterResistance, caseMaterial },
}));

const MACHINERY: ProductSpec[] = (
  [
    ['三一重工', 'SY215C 中型液压挖掘机', 'SY215C', '挖掘机', 'SY215'],
    ['三一重工', 'SY75C 小型液压挖掘机', 'SY75C', '挖掘机', 'SY075'],
    ['徐工', 'XE200DA 液压挖掘机', 'XE200DA', '挖掘机', 'XUG200'],
    ['山河智能', 'SWE60E 小型挖掘机', 'SWE60E', '挖掘机', 'SWE060'],
    ['柳工', 'CLG856H 轮式装载机', 'CLG856H', '装载机', 'LG856'],
    ['徐工', 'XCT25 汽车起重机', 'XCT25', '起重机', 'XCT025'],
  ] as const
).map(([brand, name, model, category, serialPrefix]) => ({
  industry: 'machinery',
  faults: 'machinery',
  brand,
  name,
  model,
  category,
  kind: 'machinery',
  warrantyMonths: 12,
  // M6: the machine's warranty runs from its delivery to the user (交机).
  warrantyBasis: 'installation',
  serialPrefix,
}));

const PROPERTY: ProductSpec[] = ESTATES.map((e) => ({
  industry: 'property',
  faults: 'property',
  brand: e.developer,
  name: `${e.name} 精装住宅`,
  model: `${e.name}一期`,
  category: '住宅',
  kind: 'property',
  warrantyMonths: 24,
  warrantyBasis: 'acceptance',
  serialPrefix: e.code,
  estate: e.name,
}));

const EQUIPMENT: ProductSpec[] = (
  [
    ['海康威视', '视频监控系统', 'DS-9632N-I16', '监控', 'cctv', 'HIK'],
    ['大华', '高清视频监控系统', 'DH-NVR5864-4KS2', '监控', 'cctv', 'DH'],
    ['海康威视', '门禁控制系统', 'DS-K2604T', '门禁', 'access', 'HIKAC'],
    ['中控智慧 ZKTeco', '人脸识别门禁系统', 'SpeedFace-V5L', '门禁', 'access', 'ZK'],
    ['维谛技术 Vertiv', 'UPS 不间断电源 20kVA', 'Liebert ITA2 20kVA', 'UPS', 'ups', 'VT'],
    ['施耐德电气', 'UPS 不间断电源 40kVA', 'Galaxy VS 40kVA', 'UPS', 'ups', 'SE'],
    ['山特 SANTAK', 'UPS 不间断电源 30kVA', '3C3 Pro 30KS', 'UPS', 'ups', 'ST'],
  ] as const
).map(([brand, name, model, category, faults, serialPrefix]) => ({
  industry: 'equipment',
  faults,
  brand,
  name,
  model,
  category,
  kind: 'equipment',
  warrantyMonths: 24,
  // E1: from the date of acceptance.
  warrantyBasis: 'acceptance',
  serialPrefix,
}));

const RMA: ProductSpec[] = (
  [
    ['华为', 'AX3 Pro 无线路由器', 'WS7206', '路由器', 'router', 'HW', 12],
    ['TP-LINK', '企业级千兆有线路由器', 'TL-ER3220G', '路由器', 'router', 'TPL', 36],
    ['新华三 H3C', '企业级多WAN路由器', 'ER3260G2', '路由器', 'router', 'H3C', 36],
    ['惠普 HP', '黑白激光打印机', 'LaserJet Pro M404dn', '打印机', 'printer', 'VNB', 12],
    ['兄弟 Brother', '黑白激光多功能一体机', 'DCP-7195DW', '打印机', 'printer', 'E7', 12],
    ['佳能 Canon', '彩色加墨式一体机', 'G3800', '打印机', 'printer', 'KM', 12],
  ] as const
).map(([brand, name, model, category, faults, serialPrefix, warrantyMonths]) => ({
  industry: 'rma',
  faults,
  brand,
  name,
  model,
  category,
  kind: 'generic',
  warrantyMonths,
  // C3: decided from the proof of purchase.
  warrantyBasis: 'purchase',
  serialPrefix,
}));

const VEHICLES: ProductSpec[] = (
  [
    ['上汽大众', '帕萨特 Passat 330TSI', '2023款 精英版', '中型轿车', 'LSV', false],
    ['一汽-大众', '迈腾 Magotan 380TSI', '2022款 豪华型', '中型轿车', 'LFV', false],
    ['广汽丰田', '凯美瑞 Camry 2.5G', '2023款 豪华版', '中型轿车', 'LVG', false],
    ['东风本田', 'CR-V 240TURBO', '2022款 两驱都市版', 'SUV', 'LVH', false],
    ['华晨宝马', '宝马3系 325Li', '2023款 M运动套装', '豪华轿车', 'LBV', false],
    ['比亚迪', '汉 EV', '2024款 冠军版 605km', '新能源轿车', 'LGX', true],
  ] as const
).map(([brand, name, model, category, wmi, electric]) => ({
  industry: 'vehicle',
  faults: 'vehicle',
  brand,
  name,
  model,
  category,
  kind: 'vehicle',
  warrantyMonths: 36,
  warrantyBasis: 'purchase',
  serialPrefix: '',
  vehicle: { wmi, electric },
}));

const APPLIANCES: ProductSpec[] = (
  [
    ['格力', '云佳 1.5匹变频挂式空调', 'KFR-35GW/NhGc1B', '空调', 'aircon', '4E', 72],
    ['美的', '酷省电 1.5匹变频挂式空调', 'KFR-35GW/N8KS1-1', '空调', 'aircon', '5M', 72],
    ['海尔', '3匹变频立柜式空调', 'KFR-72LW/81@U1-Ub', '空调', 'aircon', 'AA', 72],
    ['A.O.史密斯', '60升电热水器', 'E60HPD', '热水器', 'heater', 'AOS', 36],
    ['万和', '16升燃气热水器', 'JSQ30-16ET23', '热水器', 'heater', 'WH', 36],
    ['小天鹅', '10公斤滚筒洗衣机', 'TG100V88WMUIADY5', '洗衣机', 'washer', 'LS', 36],
    ['海尔', '10公斤滚筒洗衣机', 'EG100MATE28S', '洗衣机', 'washer', 'EG', 36],
  ] as const
).map(([brand, name, model, category, faults, serialPrefix, warrantyMonths]) => ({
  industry: 'appliance',
  faults,
  brand,
  name,
  model,
  category,
  kind: 'appliance',
  warrantyMonths,
  warrantyBasis: 'purchase',
  serialPrefix,
}));

export const PRODUCTS: readonly ProductSpec[] = [...WATCHES, ...MACHINERY, ...PROPERTY, ...EQUIPMENT, ...RMA, ...VEHICLES, ...APPLIANCES];

export const VEHICLE_COLORS = ['珍珠白', '极地白', '曜石黑', '星空灰', '宝石蓝', '熔岩红', '香槟金', '银色'];
export const EQUIPMENT_LOCATIONS = ['1号楼弱电间', '主楼B1层机房', '大门岗亭', '5层网络机房', '消防控制室', '地下车库入口', '办公楼大堂', '数据中心A区'];
export const APPLIANCE_ROOMS = ['客厅', '主卧', '次卧', '书房', '卫生间', '阳台', '厨房'];

// ─── Tickets ─────────────────────────────────────────────────────────────────

export interface Fault {
  text: string;
  type?: TicketType;
  emergency?: boolean;
  /** Only for a newly bought asset (installation, delivery, first service). */
  newOnly?: boolean;
}

const f = (text: string, type?: TicketType, emergency?: boolean): Fault => ({ text, ...(type ? { type } : {}), ...(emergency ? { emergency } : {}) });
const fNew = (text: string, type: TicketType): Fault => ({ text, type, newOnly: true });

export const FAULTS: Record<FaultGroup, readonly Fault[]> = {
  watch: [
    f('手表走时不准，每天快约30秒', 'workshop'),
    f('手表进水，表镜内有雾气', 'workshop'),
    f('自动上链失效，佩戴一天后停走', 'workshop'),
    f('表冠拧不紧，无法调校时间', 'workshop'),
    f('表带断裂，需更换原厂表带', 'workshop'),
    f('表镜划花，要求更换蓝宝石表镜', 'workshop'),
    f('计时按钮按下无反应，计时秒针不归零', 'workshop'),
    f('石英表停走，疑似电池耗尽', 'workshop'),
    f('日历不跳字', 'workshop'),
    f('到期全面保养（洗油）', 'workshop'),
    f('例行年度防水测试', 'inspection'),
    f('指针夜光涂层脱落', 'workshop'),
  ],
  machinery: [
    f('挖掘机液压系统漏油，主泵附近有明显油迹'),
    f('发动机冒黑烟，动力不足'),
    f('回转时有异响，回转马达发热'),
    f('行走跑偏，左侧履带行走无力'),
    f('动臂油缸内泄，停机后动臂自然下沉'),
    f('驾驶室空调不制冷'),
    f('仪表盘报警：发动机水温过高'),
    f('柴油滤芯堵塞报警'),
    fNew('新机交机，需到现场向机手讲解操作和保养', 'delivery'),
    fNew('250小时首次保养', 'inspection'),
    f('履带张紧装置失效，履带松弛'),
    f('铲斗齿断裂需更换'),
  ],
  property: [
    f('卫生间天花板渗水'),
    f('厨房下水管堵塞，返水'),
    f('外墙渗水导致卧室墙面发霉'),
    f('入户门锁芯损坏，钥匙无法转动'),
    f('阳台推拉门变形，关不严'),
    f('地暖不热，分水器阀门疑似故障'),
    f('客厅墙面出现裂缝'),
    f('窗户密封条老化，下雨漏水'),
    f('水管爆裂，室内积水（紧急）', 'repair', true),
    f('电路频繁跳闸，部分插座无电', 'repair', true),
    f('楼板渗漏至楼下住户'),
    f('客厅地砖空鼓'),
    f('对维修进度不满，投诉施工单位拖延', 'complaint'),
  ],
  access: [
    f('门禁系统无法刷卡，读卡器无反应'),
    f('门禁无法开门，人员被困（紧急）', 'repair', true),
    f('门禁控制器离线，平台显示通讯中断'),
    f('电磁锁无法吸合，门关不上'),
    f('人脸识别终端识别率低，员工排队'),
    f('季度例行巡检', 'inspection'),
  ],
  cctv: [
    f('监控画面黑屏，3号摄像机无信号'),
    f('整个监控系统断电，全部画面丢失（紧急）', 'repair', true),
    f('录像机硬盘报警，无法回放录像'),
    f('夜视画面模糊，红外补光失效'),
    f('球机云台无法转动'),
    f('季度例行巡检', 'inspection'),
    f('新增摄像机点位安装调试', 'installation'),
  ],
  ups: [
    f('UPS报警，电池组故障'),
    f('UPS切换旁路后无法恢复逆变'),
    f('机房停电时UPS未能供电（紧急）', 'repair', true),
    f('电池后备时间明显缩短'),
    f('季度例行巡检', 'inspection'),
  ],
  router: [
    f('路由器频繁掉线，需寄修检测', 'rma'),
    f('路由器无法开机，电源灯不亮', 'rma'),
    f('WiFi信号弱，穿墙后无法连接', 'rma'),
    f('LAN口损坏，网线插入无反应', 'rma'),
    f('固件升级失败后无法启动', 'rma'),
  ],
  printer: [
    f('打印机频繁卡纸', 'rma'),
    f('打印出现竖条纹', 'rma'),
    f('无法联网打印', 'rma'),
    f('进纸器不进纸', 'rma'),
    f('开机报错，提示代码E3', 'rma'),
  ],
  vehicle: [
    f('发动机故障灯亮', 'workshop'),
    f('刹车时有异响', 'workshop'),
    f('空调不制冷', 'workshop'),
    f('高速行驶时方向盘抖动', 'workshop'),
    fNew('首次保养（5000公里）', 'workshop'),
    f('定期保养（机油、机滤）', 'workshop'),
    f('钣金喷漆：左前门刮擦', 'workshop'),
    f('变速箱换挡顿挫', 'workshop'),
    f('蓄电池亏电，无法启动', 'repair'),
    f('胎压报警', 'workshop'),
    f('倒车影像黑屏', 'workshop'),
  ],
  aircon: [
    f('空调不制冷'),
    f('外机噪音大'),
    f('室内机漏水'),
    f('遥控器失灵，空调无反应'),
    f('显示E1故障代码'),
    fNew('新机安装', 'installation'),
    f('制热效果差'),
    f('空调开机后频繁停机'),
  ],
  heater: [
    f('热水器不点火'),
    f('出水不热'),
    f('热水器底部漏水'),
    f('显示E4故障代码'),
    fNew('新机安装', 'installation'),
  ],
  washer: [
    f('洗衣机不脱水'),
    f('滚筒转动时异响'),
    f('洗衣机底部漏水'),
    f('门锁打不开，衣物取不出'),
    f('排水慢，提示E21'),
  ],
};

export const CONSULTATIONS = ['咨询保修政策和延保价格', '咨询保养周期', '咨询配件价格', '咨询上门服务收费标准', '咨询产品使用方法'];

/** H3: how a simple problem was solved on the phone. */
export const PHONE_FIXES: Record<FaultGroup, readonly string[]> = {
  watch: ['指导客户正确上弦并调校日历，已恢复', '确认为磁化影响，建议来店消磁，客户表示暂不需要'],
  machinery: ['电话指导机手清洁柴油滤芯后报警消除', '指导机手检查冷却液液位，补液后恢复正常'],
  property: ['指导业主关闭总阀并疏通地漏，问题已解决', '电话指导业主复位漏电保护开关，已恢复供电'],
  access: ['远程重启门禁控制器后恢复正常', '远程下发人员权限后可正常刷卡'],
  cctv: ['远程登录录像机重新配置通道后画面恢复', '指导客户重新插紧视频线后恢复'],
  ups: ['远程查看告警为误报，已清除告警', '指导客户按步骤切回逆变供电'],
  router: ['指导客户恢复出厂设置并重新配置后正常', '指导客户更换网线后恢复'],
  printer: ['指导客户清理搓纸轮后不再卡纸', '指导客户重新安装驱动后可正常打印'],
  vehicle: ['确认为油箱盖未拧紧，拧紧后故障灯熄灭', '指导客户重新匹配钥匙后可正常启动'],
  aircon: ['电话指导客户将遥控器模式由送风切换为制冷，已恢复', '指导客户更换遥控器电池后恢复正常', '指导客户清洗过滤网后制冷恢复'],
  heater: ['指导客户打开燃气阀门并更换电池后正常点火', '指导客户调高温控设置后出水正常'],
  washer: ['指导客户断电两分钟后门锁自动解锁', '指导客户清理排水过滤器后排水正常'],
};

export const PARTS: Record<FaultGroup, readonly string[]> = {
  watch: ['原厂表冠', '摆轮组件', '蓝宝石表镜', '原厂表带', '电池'],
  machinery: ['主泵密封件', '回转马达', '液压油缸密封包', '喷油器', '水箱'],
  property: ['防水卷材', '同款地砖', '入户门锁芯', '地暖分水器'],
  access: ['门禁控制板', '电磁锁', '读卡器'],
  cctv: ['监控硬盘', '半球摄像机', '红外灯板'],
  ups: ['蓄电池组', '功率模块', '控制板'],
  router: ['主板', '电源适配器'],
  printer: ['定影组件', '搓纸轮', '激光器'],
  vehicle: ['刹车片', '节气门总成', '空调压缩机', '变速箱阀体', '蓄电池'],
  aircon: ['压缩机', '室外风机电机', '主板', '四通阀'],
  heater: ['点火器', '加热管', '温控器'],
  washer: ['门锁开关', '排水泵', '滚筒轴承'],
};

/** What the caller adds: at home, on a firm's site, or about the fault itself. */
export const NOTES_HOME = ['客户要求尽快上门。', '下午两点后家中有人。', '周末上门亦可。', '上门前请先电话联系。'];
export const NOTES_SITE = ['请联系现场负责人。', '需提前办理入场手续。', '设备所在区域需陪同进入。'];
export const NOTES_ANY = ['客户称已报修过一次。', '客户较着急，请优先处理。'];

export const CHANNELS_BY_INDUSTRY: Record<Industry, readonly (readonly [Channel, number])[]> = {
  watch: [['walk_in', 5], ['phone', 3], ['wechat', 2], ['web', 1]],
  machinery: [['phone', 8], ['wechat', 2]],
  property: [['phone', 6], ['written', 3], ['wechat', 2], ['qr', 1]],
  equipment: [['phone', 6], ['email', 2], ['fax', 1], ['web', 1]],
  rma: [['walk_in', 3], ['email', 3], ['web', 2], ['phone', 2]],
  vehicle: [['phone', 5], ['walk_in', 4], ['wechat', 2]],
  appliance: [['phone', 6], ['wechat', 3], ['web', 2], ['qr', 1]],
};

/** Estimated repair value in fen (R4 for property: around the ¥1000 line). */
export const VALUE_RANGES: Record<Industry, readonly [number, number]> = {
  watch: [30_000, 600_000],
  machinery: [200_000, 5_000_000],
  property: [5_000, 800_000],
  equipment: [50_000, 2_000_000],
  rma: [5_000, 80_000],
  vehicle: [30_000, 1_500_000],
  appliance: [5_000, 150_000],
};

export const CANCEL_REASONS = ['客户自行解决，不需要上门', '重复报修，已合并到其他工单', '客户已更换新机', '客户认为报价过高，取消维修', '客户否认报修，信息有误'];
export const REOPEN_REASONS = ['回访时客户反映故障复发', '维修后同一问题再次出现', '客户对维修质量不满意，要求返工'];
export const CLOSE_NOTES = ['回访：客户满意', '回访：客户对服务态度表示满意', '回访：问题已解决', '回访：客户未接电话，短信确认已修复'];
export const WAITING_CUSTOMER = ['客户出差，约定下周上门', '客户家中无人，改约时间', '等待客户确认维修报价'];
export const WAITING_OTHER = ['雨天无法进行室外作业', '等待物业开通施工许可', '等待原厂技术支持答复'];
export const CALLBACK_NOTES = ['回访：客户确认故障已排除', '回访：按电话指导操作后恢复正常', '回访：客户表示满意', '回访未接通，已短信告知，稍后再次回访后确认正常'];
export const ARRIVAL_NOTES = ['技师已到达现场', '已到场，正在与客户确认故障', '到达现场，门卫登记后进场'];
export const LOANER_REQUESTS = ['故障短时间内无法排除，客户申请备用机', '主机需返厂维修，申请备用设备保障运行'];
export const LOANER_DELIVERIES = ['备用机已送达并完成安装调试', '备用设备已到场，客户签收'];
export const EXTENSION_REASONS = ['需更换主板，拆装工序多，申请延长完工时限', '现场需高空作业，等待升降车到场', '故障涉及多处线路，排查耗时较长', '客户要求在营业结束后施工'];
export const COMMENTS = ['已电话联系客户，约定明天上午上门', '技师已出发，预计40分钟到达', '已领取配件，领料单已签字', '客户要求维修前先报价', '已向客户讲解日常保养和安全注意事项', '现场拍照已上传'];
