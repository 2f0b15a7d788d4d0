/** parts: the catalogue, stock locations and the stock ledger (C4, C5, C6, E3, E5, H7, A2). */
export { createPartsService, type PartsService } from './parts.service';
export { partsRoutes } from './parts.routes';
