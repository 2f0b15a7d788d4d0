import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { healthKeys } from '../query-keys';

/** The server's health, and what an administrator must fix (a year without holiday data). */
export function useHealth() {
  return useQuery({
    queryKey: healthKeys.health,
    queryFn: () => api<{ status: string; database: string; holidayDataMissing: number[]; warnings: string[] }>('GET', '/api/health'),
    staleTime: 5 * 60_000,
  });
}
