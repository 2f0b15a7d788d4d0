import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssetView, CreateAssetBody } from '../../../shared/contracts/assets';
import type { AddressInput, CreateCustomerBody, CustomerView, LookupItem as LookupItemView } from '../../../shared/contracts/customers';
import { api, type Wire } from '../api';
import { customerKeys } from '../query-keys';

export type Customer = Wire<CustomerView>;
export type Asset = Wire<AssetView>;
export type LookupItem = Wire<LookupItemView>;

/** A2: the caller's phone, name, plate or serial finds them with their assets. */
export function useLookup(q: string) {
  return useQuery({
    queryKey: customerKeys.lookup(q),
    queryFn: () => api<{ items: LookupItem[] }>('GET', '/api/v1/customers/lookup', { query: { q } }),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

/** A change to a customer (or an asset of theirs) refreshes every view of customers and the lookup. */
export function useCustomerMutation<V, R extends { id: string }>(run: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: customerKeys.all });
      void client.invalidateQueries({ queryKey: customerKeys.lists });
      void client.invalidateQueries({ queryKey: customerKeys.lookups });
    },
  });
}

export function useCreateCustomer() {
  return useCustomerMutation((body: CreateCustomerBody) => api<Customer>('POST', '/api/v1/customers', { body }));
}

export function useCreateAsset() {
  return useCustomerMutation((body: CreateAssetBody) => api<Asset>('POST', '/api/v1/assets', { body }));
}

export function useAddAddress() {
  return useCustomerMutation(({ customerId, address }: { customerId: string; address: AddressInput }) =>
    api<Customer>('POST', `/api/v1/customers/${customerId}/addresses`, { body: address }),
  );
}

/** H6: mark an address wrong and give the corrected one. */
export function useCorrectAddress() {
  return useCustomerMutation(({ customerId, addressId, invalid, correction }: { customerId: string; addressId: string; invalid?: boolean; correction?: AddressInput }) =>
    api<Customer>('PATCH', `/api/v1/customers/${customerId}/addresses/${addressId}`, { body: { invalid, correction } }),
  );
}
