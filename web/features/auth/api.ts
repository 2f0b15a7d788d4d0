import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { userKeys } from '../../lib/query-keys';

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('POST', '/api/v1/auth/logout'),
    onSuccess: () => {
      client.clear();
      client.setQueryData(userKeys.me, null);
    },
  });
}

/** S14: the signed-in user's own password; other sessions and tokens end. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api<void>('POST', '/api/v1/auth/password', { body }),
  });
}
