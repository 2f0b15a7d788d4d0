import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createUserBody, loginLockView, organisationView, updateUserBody, userView } from '../../../shared/contracts/identity';
import type { Role } from '../../../shared/domain';
import { api, type Wire } from '../../app/api';

export type User = Wire<z.infer<typeof userView>>;
export type Organisation = Wire<z.infer<typeof organisationView>>;

export function useUsers(filter: { role?: Role; q?: string; page?: number; pageSize?: number } = {}, enabled = true) {
  return useQuery({
    queryKey: ['users', filter],
    queryFn: () => api<{ items: User[]; total: number }>('GET', '/api/v1/users', { query: { pageSize: 500, ...filter } }),
    enabled,
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof createUserBody>) => api<User>('POST', '/api/v1/users', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ user, body }: { user: User; body: z.input<typeof updateUserBody> }) => api<User>('PATCH', `/api/v1/users/${user.id}`, { body, ifMatch: user.version }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useOrganisation() {
  return useQuery({ queryKey: ['organisation'], queryFn: () => api<Organisation>('GET', '/api/v1/organisation') });
}

export function useUpdateOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ org, body }: { org: Organisation; body: { name?: string; timeZone?: string; settings?: Record<string, unknown> } }) =>
      api<Organisation>('PATCH', '/api/v1/organisation', { body, ifMatch: org.version }),
    onSuccess: (org) => client.setQueryData(['organisation'], org),
  });
}

export type LoginLock = Wire<z.infer<typeof loginLockView>>;

/** S3: sign-ins slowed or refused in this organisation, for the administrator to see and clear. */
export function useLoginLocks() {
  return useQuery({ queryKey: ['login-locks'], queryFn: () => api<{ items: LoginLock[] }>('GET', '/api/v1/login-locks') });
}

export function useClearLoginLock() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/v1/login-locks/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['login-locks'] }),
  });
}
