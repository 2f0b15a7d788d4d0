/** selfservice: QR labels on assets, the public report page behind them, a ticket's tracking page and rating. */
export { createSelfserviceService, type SelfserviceService } from './selfservice.service';
export { selfserviceRoutes, type LabelPrinter } from './selfservice.routes';
export type { LabelSheetPrint } from './labels-pdf';
