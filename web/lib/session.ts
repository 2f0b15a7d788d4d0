import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { meView } from '../../shared/contracts/identity';
import type { Permission } from '../../shared/permissions';
import { api, ApiError, type Wire } from './api';
import { userKeys } from './query-keys';

export type Me = Wire<z.infer<typeof meView>>;

/** The signed-in user, or null when nobody is; a route may fetch it before its page renders. */
export const meQuery = queryOptions({
  queryKey: userKeys.me,
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

/** The signed-in user, or null when nobody is. Every screen asks it what to show. */
export function useMe() {
  return useQuery(meQuery);
}

/** The same table the server checks (`shared/permissions.ts`), read from the signed-in user. */
export function hasPermission(me: Me | null | undefined, permission: Permission): boolean {
  return !!me?.permissions.includes(permission);
}
