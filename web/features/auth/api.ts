import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { meView } from '../../../shared/contracts/identity';
import type { Permission } from '../../../shared/permissions';
import { api, ApiError, type Wire } from '../../app/api';

export type Me = Wire<z.infer<typeof meView>>;

/** The signed-in user, or null when nobody is. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api<Me>('GET', '/api/v1/auth/me');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function hasPermission(me: Me | null | undefined, permission: Permission): boolean {
  return !!me?.permissions.includes(permission);
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string; organisation?: string }) => api<{ token: string }>('POST', '/api/v1/auth/login', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('POST', '/api/v1/auth/logout'),
    onSuccess: () => {
      client.clear();
      client.setQueryData(['me'], null);
    },
  });
}

/** S14: the signed-in user's own password; other sessions and tokens end. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api<void>('POST', '/api/v1/auth/password', { body }),
  });
}
