import { z } from 'zod';
import { changePasswordBody, createUserBody, passwordResetBody, passwordResetView, teamBody, teamListQuery, teamView, updateTeamBody, gradeChangeBody, gradeChangeView, loginBody, loginLockView, meView, organisationView, tokenBody, updateOrganisationBody, updateUserBody, userListQuery, userView } from '../../../shared/contracts/identity';
import { idParams, listOf } from '../../../shared/contracts/common';
import { isTimeZone } from '../../../shared/time';
import { ROLE_GRANTS } from '../../../shared/permissions';
import { actorOf, bearerToken, SESSION_COOKIE } from '../../http/auth';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import { AppError } from '../../errors';
import type { IdentityService } from './identity.service';

export function identityRoutes(api: Api, identity: IdentityService, options: { sessionHours: number }) {
  api.post('/api/v1/auth/login', {
    config: { public: true },
    schema: { tags: ['auth'], summary: 'Sign in; answers a token and sets a session cookie', body: loginBody, response: { 200: z.object({ token: z.string(), expiresAt: z.date() }) } },
    handler: async (request, reply) => {
      const result = await identity.login({ ...request.body, ip: request.ip });
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        // Secure when the request came over HTTPS: directly, or as a trusted proxy says (TRUST_PROXY).
        secure: request.protocol === 'https',
        maxAge: options.sessionHours * 3600,
      });
      return { token: result.token, expiresAt: result.expiresAt };
    },
  });

  api.post('/api/v1/auth/logout', {
    config: { authenticated: true },
    schema: { tags: ['auth'], summary: 'End this session or revoke this token', response: { 204: z.undefined() } },
    handler: async (request, reply) => {
      // The token that authenticated this request, read the same way authentication read it.
      const token = bearerToken(request) ?? request.cookies[SESSION_COOKIE];
      if (token) await identity.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  });

  api.get('/api/v1/auth/me', {
    config: { authenticated: true },
    schema: { tags: ['auth'], summary: 'Who is signed in, with their permissions', response: { 200: meView } },
    handler: async (request) => {
      const actor = actorOf(request);
      const [org, user] = await Promise.all([identity.getOrganisation(actor.orgId), identity.getUser(actor.orgId, actor.userId)]);
      return {
        id: actor.userId,
        username: actor.username,
        name: actor.name,
        role: actor.role,
        locale: actor.locale,
        customerId: actor.customerId,
        mustChangePassword: user.mustChangePassword,
        permissions: [...ROLE_GRANTS[actor.role].permissions],
        organisation: { id: org.id, code: org.code, name: org.name, timeZone: org.timeZone, industries: org.industries },
      };
    },
  });

  api.post('/api/v1/auth/tokens', {
    config: { authenticated: true },
    schema: { tags: ['auth'], summary: 'Create an API token for the signed-in user (shown once)', body: tokenBody, response: { 201: z.object({ token: z.string() }) } },
    handler: async (request, reply) => {
      const result = await identity.createApiToken(actorOf(request), request.body.label, request.body.expiresInDays);
      return reply.code(201).send(result);
    },
  });

  api.post('/api/v1/auth/password', {
    config: { authenticated: true },
    schema: {
      tags: ['auth'],
      summary: 'Change one’s own password; other sessions and API tokens end',
      body: changePasswordBody,
      response: { 204: z.undefined() },
    },
    handler: async (request, reply) => {
      await identity.changeOwnPassword(actorOf(request), { ...request.body, ip: request.ip, keepToken: bearerToken(request) ?? request.cookies[SESSION_COOKIE] });
      return reply.code(204).send();
    },
  });

  api.get('/api/v1/login-locks', {
    config: { permission: 'users.manage' },
    schema: { tags: ['users'], summary: 'Sign-ins slowed or refused after failed passwords (accounts of this organisation and the addresses that failed them)', response: { 200: z.object({ items: z.array(loginLockView) }) } },
    handler: async (request) => identity.loginLocks(actorOf(request)),
  });

  api.delete('/api/v1/login-locks/:id', {
    config: { permission: 'users.manage' },
    schema: { tags: ['users'], summary: 'Clear a sign-in lock', params: idParams, response: { 204: z.undefined() } },
    handler: async (request, reply) => {
      await identity.clearLoginLock(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });

  api.post('/api/v1/users', {
    config: { permission: 'users.manage' },
    schema: { tags: ['users'], summary: 'Create a user', body: createUserBody, response: { 201: userView } },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const user = await identity.createUser(actor.orgId, request.body, actor.userId);
      return reply.code(201).send(user);
    },
  });

  api.get('/api/v1/users', {
    config: { permission: 'users.read' },
    schema: { tags: ['users'], summary: 'List users (filter by role, e.g. technician)', querystring: userListQuery, response: { 200: listOf(userView) } },
    handler: async (request) => {
      const q = request.query;
      return identity.findUsers(actorOf(request), { role: q.role, teamId: q.teamId, q: q.q ?? undefined, active: q.active, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    },
  });

  api.get('/api/v1/users/:id', {
    config: { permission: 'users.read' },
    schema: { tags: ['users'], params: idParams, response: { 200: userView } },
    handler: async (request, reply) => withETag(reply, await identity.getUser(actorOf(request).orgId, request.params.id)),
  });

  api.patch('/api/v1/users/:id', {
    config: { permission: 'users.manage' },
    schema: { tags: ['users'], summary: 'Change a user (If-Match)', params: idParams, body: updateUserBody, response: { 200: userView } },
    handler: async (request, reply) =>
      withETag(reply, await identity.updateUser(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.post('/api/v1/users/:id/password-reset', {
    config: { permission: 'users.manage' },
    schema: {
      tags: ['users'],
      summary: 'Set a user’s password: the one given, or a temporary one answered once; every session and token of the user ends',
      params: idParams,
      body: passwordResetBody,
      response: { 200: passwordResetView },
    },
    handler: async (request) => identity.resetPassword(actorOf(request), request.params.id, request.body.password),
  });

  api.get('/api/v1/teams', {
    // Whoever reads users filters by team (everyone who reads the dispatch board reads users too).
    config: { permission: 'users.read' },
    schema: { tags: ['users'], summary: 'The organisation’s teams (班组), by name, with how many users are in each', querystring: teamListQuery, response: { 200: z.object({ items: z.array(teamView) }) } },
    handler: async (request) => {
      return { items: await identity.listTeams(actorOf(request), { active: request.query.active }) };
    },
  });

  api.post('/api/v1/teams', {
    config: { permission: 'users.manage' },
    schema: { tags: ['users'], summary: 'Create a team (name unique in the organisation)', body: teamBody, response: { 201: teamView } },
    handler: async (request, reply) => reply.code(201).send(await identity.createTeam(actorOf(request), request.body)),
  });

  api.patch('/api/v1/teams/:id', {
    config: { permission: 'users.manage' },
    schema: { tags: ['users'], summary: 'Rename a team or make it (in)active (If-Match); its users follow the new name', params: idParams, body: updateTeamBody, response: { 200: teamView } },
    handler: async (request, reply) => withETag(reply, await identity.updateTeam(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.delete('/api/v1/teams/:id', {
    config: { permission: 'users.manage' },
    schema: { tags: ['users'], summary: 'Delete a team nobody is in (TEAM_IN_USE otherwise: make it inactive instead)', params: idParams, response: { 204: z.undefined() } },
    handler: async (request, reply) => {
      await identity.deleteTeam(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });

  api.get('/api/v1/users/:id/grades', {
    config: { permission: 'users.read' },
    schema: { tags: ['users'], summary: 'M1: a technician’s grade and employment status over time, newest first', params: idParams, response: { 200: z.object({ items: z.array(gradeChangeView) }) } },
    handler: async (request) => ({ items: await identity.gradeHistory(actorOf(request), request.params.id) }),
  });

  api.post('/api/v1/users/:id/grades', {
    config: { permission: 'users.manage' },
    schema: {
      tags: ['users'],
      summary: 'M1: change a technician’s grade and/or employment status from a day; pay reads the one in force in its month',
      params: idParams,
      body: gradeChangeBody,
      response: { 201: z.object({ items: z.array(gradeChangeView) }) },
    },
    handler: async (request, reply) => reply.code(201).send({ items: await identity.recordGradeChange(actorOf(request), request.params.id, request.body) }),
  });

  api.get('/api/v1/organisation', {
    config: { authenticated: true },
    schema: { tags: ['organisation'], summary: 'The organisation and its settings (defaults filled in)', response: { 200: organisationView } },
    handler: async (request, reply) => withETag(reply, await identity.getOrganisation(actorOf(request).orgId)),
  });

  api.patch('/api/v1/organisation', {
    config: { permission: 'settings.manage' },
    schema: { tags: ['organisation'], summary: 'Change the organisation or its settings (If-Match)', body: updateOrganisationBody, response: { 200: organisationView } },
    handler: async (request, reply) => {
      const body = request.body;
      if (body.timeZone && !isTimeZone(body.timeZone)) {
        throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.timeZone', code: 'invalid_value', message: 'validation.invalid' }] });
      }
      return withETag(reply, await identity.updateOrganisation(actorOf(request), ifMatchVersion(request), body));
    },
  });
}
