/** customers: people and companies, their phones, addresses, contacts and sites. */
export { checkAddressOfCustomer, createCustomerService, formatAddress, type CustomerService } from './customers.service';
export { customerRoutes } from './customers.routes';
/** Published views: other modules read customers through these, never through the tables. */
export { addressRefs, customerPhoneRefs, customerRefs } from './customers.schema';
