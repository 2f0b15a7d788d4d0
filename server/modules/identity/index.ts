/** identity: organisations, users, roles, sessions and tokens. */
export { createIdentityService, toActor, type IdentityService, type Organisation, type User } from './identity.service';
export { identityRoutes } from './identity.routes';
export { systemActor, type Actor } from './principal';
export { users, organisations } from './identity.schema';
