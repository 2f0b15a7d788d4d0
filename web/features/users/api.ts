import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createUserBody, loginLockView, passwordResetBody, teamBody, updateOrganisationBody, updateTeamBody, updateUserBody } from '../../../shared/contracts/identity';
import { api, type Wire } from '../../lib/api';
import type { Organisation, Team, User } from '../../lib/queries/people';
import { userKeys } from '../../lib/query-keys';

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof createUserBody>) => api<User>('POST', '/api/v1/users', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.lists }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ user, body }: { user: User; body: z.input<typeof updateUserBody> }) => api<User>('PATCH', `/api/v1/users/${user.id}`, { body, ifMatch: user.version }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.lists }),
  });
}

export function useUpdateOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ org, body }: { org: Organisation; body: z.input<typeof updateOrganisationBody> }) => api<Organisation>('PATCH', '/api/v1/organisation', { body, ifMatch: org.version }),
    onSuccess: (org) => client.setQueryData(userKeys.organisation, org),
  });
}

export type LoginLock = Wire<z.infer<typeof loginLockView>>;

/** S3: sign-ins slowed or refused in this organisation, for the administrator to see and clear. */
export function useLoginLocks() {
  return useQuery({ queryKey: userKeys.loginLocks, queryFn: () => api<{ items: LoginLock[] }>('GET', '/api/v1/login-locks') });
}

export function useClearLoginLock() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/v1/login-locks/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.loginLocks }),
  });
}

/** An administrator's reset: the temporary password comes back once, when none was typed. */
export function useResetPassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ user, body }: { user: User; body: z.input<typeof passwordResetBody> }) =>
      api<{ temporaryPassword: string | null }>('POST', `/api/v1/users/${user.id}/password-reset`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.lists }),
  });
}

export function useCreateTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof teamBody>) => api<Team>('POST', '/api/v1/teams', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.teams }),
  });
}

export function useUpdateTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ team, body }: { team: Team; body: z.input<typeof updateTeamBody> }) => api<Team>('PATCH', `/api/v1/teams/${team.id}`, { body, ifMatch: team.version }),
    // A renamed team is renamed on every user in it.
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: userKeys.teams }), client.invalidateQueries({ queryKey: userKeys.lists })]),
  });
}

export function useDeleteTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (team: Team) => api<void>('DELETE', `/api/v1/teams/${team.id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.teams }),
  });
}
