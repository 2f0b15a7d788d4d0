import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { organisationView, teamView, userView } from '../../../shared/contracts/identity';
import type { Role } from '../../../shared/domain';
import { api, type Wire } from '../api';
import { userKeys } from '../query-keys';

export type User = Wire<z.infer<typeof userView>>;
export type Organisation = Wire<z.infer<typeof organisationView>>;
export type Team = Wire<z.infer<typeof teamView>>;

/** The organisation's teams (班组), by name: what a user is put in and what boards filter by. */
export function useTeams(enabled = true) {
  return useQuery({ queryKey: userKeys.teams, queryFn: () => api<{ items: Team[] }>('GET', '/api/v1/teams'), enabled });
}

/** Users of the organisation: technicians to pick for a job, names to show beside an id. */
export function useUsers(filter: { role?: Role; q?: string; teamId?: string; active?: 'true' | 'false'; page?: number; pageSize?: number } = {}, enabled = true) {
  return useQuery({
    queryKey: userKeys.list(filter),
    queryFn: () => api<{ items: User[]; total: number }>('GET', '/api/v1/users', { query: { pageSize: 500, ...filter } }),
    enabled,
  });
}

/** The organisation and its settings, defaults filled in. */
export function useOrganisation() {
  return useQuery({ queryKey: userKeys.organisation, queryFn: () => api<Organisation>('GET', '/api/v1/organisation') });
}
