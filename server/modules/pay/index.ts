/** pay: the monthly pay run of technicians (M2 to M10), hold-backs (M8), penalties (A5) and rework judgements. */
export { createPayService, type PayService } from './pay.service';
export { payRoutes, type PaySlipPrinter } from './pay.routes';
