import { useQuery } from '@tanstack/react-query';
import type { VanView } from '../../../shared/contracts/parts-tickets';
import { api, type Wire } from '../api';

export type Van = Wire<VanView>;

export const vanKeys = { mine: ['van', 'mine'] as const };

/** H7: the caller's van, its stock, and the parts carried for each open job (the phone's day and the work report read it). */
export function useMyVan(enabled = true) {
  return useQuery({ queryKey: vanKeys.mine, queryFn: () => api<Van>('GET', '/api/v1/stock/my-van'), enabled });
}
