import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createUserBody, updateOrganisationBody, updateUserBody } from '../../../shared/contracts/identity';
import { api } from '../../lib/api';
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
