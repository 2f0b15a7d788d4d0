import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createUserBody, loginLockView, updateOrganisationBody, updateUserBody } from '../../../shared/contracts/identity';
import { api, type Wire } from '../../lib/api';
import type { Organisation, User } from '../../lib/queries/people';
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
