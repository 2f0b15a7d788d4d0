/**
 * The dispatch board's default start, new-visit highlight and suggestion notices (dispatch
 * module, web), zh-CN first.
 */
export const zhCN = {
  'dispatch.nextFree.emergency': '紧急工单：从现在开始',
  'dispatch.nextFree.free-now': '技师现在空闲：{time}',
  'dispatch.nextFree.after-visit': '技师当天最后一个上门结束后的空闲时间：{time}',
  'dispatch.nextFree.opens': '技师上班时间：{time}',
  'dispatch.nextFree.fits': '技师空闲且放得下这次上门的最早时间：{time}',
  'dispatch.nextFree.next-day': '当天已排满，下一个空闲时间：{day} {time}',
  'dispatch.nextFree.no-open-time': '近期没有上班时间，先按现在：{time}',
  'dispatch.nextFree.use': '用这个时间',
  'dispatch.notice.ticket-product-unset': '工单未注明产品线',
  'dispatch.notice.skills-unset': '未设置技能',
  'dispatch.notice.ticket-region-unset': '工单没有地址',
  'dispatch.notice.region-unset': '未设置服务地区',
  'dispatch.notice.rankedBy': '按{parts}排序',
  'dispatch.notice.part.region': '地区',
  'dispatch.notice.part.load': '负载',
  'dispatch.notice.part.availability': '空闲',
  'dispatch.notice.setUp': '去设置技师的技能和服务地区',
  'dispatch.notice.and': '和',
  'dispatch.notice.separator': '，',
  'dispatch.newVisit': '新派的上门',
};

export const enUS: Record<keyof typeof zhCN, string> = {
  'dispatch.nextFree.emergency': 'Emergency: starting now',
  'dispatch.nextFree.free-now': 'The technician is free now: {time}',
  'dispatch.nextFree.after-visit': 'Free after the technician’s last visit that day: {time}',
  'dispatch.nextFree.opens': 'When the technician’s hours begin: {time}',
  'dispatch.nextFree.fits': 'The technician’s first free time this visit fits in: {time}',
  'dispatch.nextFree.next-day': 'That day is full; next free time: {day} {time}',
  'dispatch.nextFree.no-open-time': 'No working hours soon; now for the time being: {time}',
  'dispatch.nextFree.use': 'Use this time',
  'dispatch.notice.ticket-product-unset': 'The ticket names no product line',
  'dispatch.notice.skills-unset': 'No skills set',
  'dispatch.notice.ticket-region-unset': 'The ticket has no address',
  'dispatch.notice.region-unset': 'No service areas set',
  'dispatch.notice.rankedBy': 'ranked by {parts}',
  'dispatch.notice.part.region': 'area',
  'dispatch.notice.part.load': 'load',
  'dispatch.notice.part.availability': 'free time',
  'dispatch.notice.setUp': 'Set technicians’ skills and service areas',
  'dispatch.notice.and': ' and ',
  'dispatch.notice.separator': '; ',
  'dispatch.newVisit': 'Just dispatched',
};
