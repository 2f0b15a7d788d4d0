/** identity: organisations, users, roles, sessions and tokens. */
export { createIdentityService, toActor, type IdentityService, type Organisation, type SettingsChangedListener, type User } from './identity.service';
export { identityRoutes } from './identity.routes';
export { isExternal, systemActor, type Actor } from './principal';
export { TECHNICIAN_ROLES, isTechnicianRole, type StaffMember } from './staff';
/** Published views: other modules read users through these, never through the tables. */
export { people, gradeChangeRefs } from './identity.schema';
export { assertAcceptablePassword, passwordRefusal } from './password-policy';
