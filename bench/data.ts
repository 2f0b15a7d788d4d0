/**
 * What the benchmark's tickets are made of: the faults a household-appliance and property
 * service centre hears on its hotline. Weights follow how often each comes up, so that the
 * search benchmarks see a realistic mix of common and rare words.
 */
import type { TicketType } from '../shared/domain';

export type Category = 'aircon' | 'heater' | 'washer' | 'fridge' | 'kitchen' | 'purifier' | 'tv' | 'home';
export const APPLIANCE_CATEGORIES: readonly Category[] = ['aircon', 'heater', 'washer', 'fridge', 'kitchen', 'purifier', 'tv'];
export const CATEGORIES: readonly Category[] = [...APPLIANCE_CATEGORIES, 'home'];

export interface Fault {
  text: string;
  category: Category;
  weight: number;
  type?: TicketType;
  emergency?: boolean;
  /** Whether a room in front reads naturally (客厅空调…); it does not for a flat's walls. */
  room?: boolean;
}

const a = (category: Category, text: string, weight: number, extra: Partial<Fault> = {}): Fault => ({ text, category, weight, room: true, ...extra });
const h = (text: string, weight: number, extra: Partial<Fault> = {}): Fault => ({ text, category: 'home', weight, ...extra });

/**
 * 漏水 appears in six of them (about one ticket in eight): the common word searched for.
 * 烧焦 appears in one with a tiny weight: the rare one.
 */
export const FAULTS: readonly Fault[] = [
  a('aircon', '空调不制冷，开机半小时室内温度没有变化', 5),
  a('aircon', '空调室内机漏水，水滴到地板上', 4),
  a('aircon', '空调外机噪音大，晚上影响休息', 2),
  a('aircon', '空调显示E1故障代码，无法开机', 2),
  a('aircon', '空调制热效果差，出风口温度低', 3),
  a('aircon', '空调遥控器失灵，按键无反应', 1.5),
  a('aircon', '空调开机后频繁停机，几分钟就自动关闭', 2),
  a('aircon', '新购空调需要上门安装', 2.5, { type: 'installation', room: false }),
  a('heater', '燃气热水器不点火，打火时有咔咔声', 3, { room: false }),
  a('heater', '热水器出水不热，温度忽高忽低', 3, { room: false }),
  a('heater', '热水器底部漏水，下方墙面潮湿', 2, { room: false }),
  a('heater', '热水器显示E4故障代码', 1.5, { room: false }),
  a('heater', '电热水器加热很慢，加热指示灯不亮', 1.5, { room: false }),
  a('washer', '洗衣机不脱水，甩干时报警', 3, { room: false }),
  a('washer', '滚筒洗衣机转动时异响，声音很大', 2, { room: false }),
  a('washer', '洗衣机底部漏水，地面有积水', 2.5, { room: false }),
  a('washer', '洗衣机门锁打不开，衣物取不出', 1.5, { room: false }),
  a('washer', '洗衣机排水慢，提示E21', 1.5, { room: false }),
  a('fridge', '冰箱冷藏室不制冷，冷冻室正常', 3, { room: false }),
  a('fridge', '冰箱压缩机一直运转不停机', 1.5, { room: false }),
  a('fridge', '冰箱门封条老化，关门不严', 1, { room: false }),
  a('fridge', '冰箱冷冻室结霜严重，抽屉拉不出来', 1.5, { room: false }),
  a('kitchen', '油烟机吸力变小，做饭时厨房油烟大', 2, { room: false }),
  a('kitchen', '油烟机开机有异响，风轮抖动', 1.5, { room: false }),
  a('kitchen', '燃气灶打不着火，只有一个灶眼能用', 2, { room: false }),
  a('kitchen', '洗碗机洗不干净，餐具上有残渣', 1, { room: false }),
  a('kitchen', '微波炉不加热，转盘正常转动', 1, { room: false }),
  a('purifier', '净水器滤芯到期，需要上门更换滤芯', 2, { type: 'inspection', room: false }),
  a('purifier', '净水器接头漏水，橱柜里面都是水', 1.5, { room: false }),
  a('purifier', '净水器出水量变小，制水时间很长', 1, { room: false }),
  a('tv', '电视机开机黑屏，有声音无图像', 2),
  a('tv', '电视机画面出现竖线，颜色失真', 1),
  a('tv', '电视无法连接网络，提示网络异常', 1),
  h('卫生间天花板渗水，楼上疑似漏水', 2.5),
  h('厨房下水管堵塞，返水', 2.5),
  h('外墙渗水导致卧室墙面发霉', 1.5),
  h('入户门锁芯损坏，钥匙无法转动', 1.5),
  h('阳台推拉门变形，关不严', 1),
  h('地暖不热，分水器阀门疑似故障', 1.5),
  h('窗户密封条老化，下雨漏水', 1.5),
  h('水管爆裂，室内积水（紧急）', 0.8, { emergency: true, type: 'repair' }),
  h('电路频繁跳闸，部分插座无电', 1, { emergency: true }),
  h('客厅地砖空鼓，踩上去有响声', 0.8),
  h('马桶水箱一直流水，不停进水', 1.5),
  h('淋浴花洒出水小，水压不足', 1),
  h('暖气片不热，需要上门排气', 1.5),
  h('智能门锁指纹识别失败，电池已更换', 1),
  h('咨询保修政策和延保价格', 1, { type: 'consultation' }),
  h('对维修进度不满，投诉师傅多次爽约', 0.5, { type: 'complaint' }),
  h('插座冒火花，插头烧焦', 0.04, { emergency: true }),
];

export const ROOMS = ['', '', '', '客厅', '主卧', '次卧', '书房'];
export const NOTES = [
  '',
  '',
  '',
  '客户要求尽快上门。',
  '下午两点后家中有人。',
  '客户较着急，请优先处理。',
  '客户已自行断电。',
  '周末上门亦可。',
  '客户称已报修过一次。',
  '请上门前电话联系。',
];

/** One fault as a caller describes it: an optional room in front, an optional note after. */
export function describe(fault: Fault, room: string, note: string): string {
  const base = fault.room ? `${room}${fault.text}` : fault.text;
  return note ? `${base}。${note}` : base;
}

/** Common surnames, most frequent first, with rough weights. */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 71], ['张', 68], ['刘', 54], ['陈', 46], ['杨', 32], ['黄', 24], ['赵', 23], ['吴', 21], ['周', 21],
  ['徐', 15], ['孙', 15], ['马', 13], ['朱', 13], ['胡', 12], ['郭', 11], ['何', 10], ['高', 10], ['林', 10], ['罗', 9],
  ['郑', 9], ['梁', 9], ['谢', 7], ['宋', 7], ['唐', 7], ['许', 6], ['韩', 6], ['冯', 6], ['邓', 6], ['曹', 6],
  ['彭', 5], ['曾', 5], ['肖', 5], ['田', 5], ['董', 5], ['袁', 4], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4],
  ['余', 4], ['杜', 4], ['叶', 4], ['程', 4], ['苏', 3], ['魏', 3], ['吕', 3], ['丁', 3], ['任', 3], ['沈', 3],
  ['欧阳', 1], ['司马', 0.3],
];
export const GIVEN = (
  '伟 强 磊 军 勇 杰 涛 明 超 刚 平 辉 鹏 华 飞 鑫 波 斌 宇 浩 凯 健 俊 帆 旭 宁 龙 林 建 国 志 文 海 东 晨 博 阳 峰 ' +
  '芳 娜 敏 静 丽 艳 娟 霞 秀 玲 燕 萍 红 梅 琳 洁 婷 雪 倩 颖 慧 莉 琴 云 佳 怡 欣 蕾 璐 悦 晶 瑶 丹 薇 岚'
).split(' ');

export const CITIES = ['深圳', '广州', '东莞', '佛山', '上海', '杭州', '苏州', '南京', '成都', '武汉', '长沙', '郑州'];
export const AREA_CODES = ['0755', '020', '0769', '0757', '021', '0571', '0512', '025', '028', '027', '0731', '0371'];
export const COMPANY_WORDS = ['宏达', '恒通', '鑫源', '华盛', '中联', '瑞丰', '天成', '永信', '金桥', '卓越', '盛世', '博远', '嘉禾', '安泰', '兴业', '汇通'];
export const COMPANY_SUFFIXES = ['物业管理有限公司', '餐饮管理有限公司', '酒店管理有限公司', '科技有限公司', '贸易有限公司', '幼儿园'];
export const MOBILE_PREFIXES = ['138', '139', '135', '136', '137', '150', '151', '152', '158', '159', '182', '183', '187', '188', '130', '131', '132', '155', '156', '186', '133', '153', '180', '189', '177', '199'];

export interface ProductSpec {
  category: Exclude<Category, 'home'>;
  brand: string;
  name: string;
  model: string;
  serialPrefix: string;
  warrantyMonths: number;
}

export const PRODUCTS: readonly ProductSpec[] = [
  { category: 'aircon', brand: '格力', name: '云佳 挂壁式空调', model: 'KFR-35GW/NhGc1B', serialPrefix: 'GL', warrantyMonths: 72 },
  { category: 'aircon', brand: '美的', name: '酷省电 挂壁式空调', model: 'KFR-35GW/N8KS1-1', serialPrefix: 'MD', warrantyMonths: 72 },
  { category: 'aircon', brand: '海尔', name: '静悦 柜式空调', model: 'KFR-72LW/28LEA81U1', serialPrefix: 'HE', warrantyMonths: 72 },
  { category: 'heater', brand: 'A.O.史密斯', name: '燃气热水器', model: 'JSQ31-TD', serialPrefix: 'AOS', warrantyMonths: 36 },
  { category: 'heater', brand: '海尔', name: '电热水器', model: 'EC6001-MC3', serialPrefix: 'HEW', warrantyMonths: 36 },
  { category: 'washer', brand: '小天鹅', name: '滚筒洗衣机', model: 'TG100V88WMUIADY5', serialPrefix: 'LS', warrantyMonths: 36 },
  { category: 'washer', brand: '西门子', name: '滚筒洗衣机', model: 'WG52A1U00W', serialPrefix: 'SM', warrantyMonths: 24 },
  { category: 'fridge', brand: '海尔', name: '十字对开门冰箱', model: 'BCD-510WDPD', serialPrefix: 'HRF', warrantyMonths: 36 },
  { category: 'fridge', brand: '美的', name: '风冷无霜冰箱', model: 'BCD-470WTPZM(E)', serialPrefix: 'MDF', warrantyMonths: 36 },
  { category: 'kitchen', brand: '方太', name: '侧吸式油烟机', model: 'EMC2', serialPrefix: 'FT', warrantyMonths: 60 },
  { category: 'kitchen', brand: '老板', name: '嵌入式燃气灶', model: '30B1', serialPrefix: 'RB', warrantyMonths: 36 },
  { category: 'purifier', brand: 'A.O.史密斯', name: '反渗透净水器', model: 'R2000E', serialPrefix: 'AOP', warrantyMonths: 24 },
  { category: 'tv', brand: '海信', name: '65英寸液晶电视', model: '65E3K', serialPrefix: 'HS', warrantyMonths: 24 },
  { category: 'tv', brand: '小米', name: '55英寸智能电视', model: 'L55M7-EA', serialPrefix: 'XM', warrantyMonths: 12 },
];

/** Deterministic pseudo-random numbers, so that every run seeds the same data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function pickWeighted<T>(random: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}
