/** contractors: the register, the responsibility map (R1, R3, R10), notices and the portal (R2, R4), deposit ledgers (R5, R6, R7). */
export { createContractorsService, type ContractorsService } from './contractors.service';
export { contractorRoutes } from './contractors.routes';
