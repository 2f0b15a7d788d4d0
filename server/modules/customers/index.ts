/** customers: people and companies, their phones, addresses, contacts and sites. */
export { createCustomerService, formatAddress, type CustomerService } from './customers.service';
export { customerRoutes } from './customers.routes';
export { customers } from './customers.schema';
