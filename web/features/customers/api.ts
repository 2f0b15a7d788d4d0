import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AssetView, CreateAssetBody } from '../../../shared/contracts/assets';
import type { AddressInput, contactView, CreateCustomerBody, CustomerView, siteView } from '../../../shared/contracts/customers';
import { api, type Wire } from '../../app/api';

export type Customer = Wire<CustomerView>;
export type Asset = Wire<AssetView>;
export type CustomerDetail = Customer & { contacts: Wire<z.infer<typeof contactView>>[]; sites: Wire<z.infer<typeof siteView>>[]; assets: Asset[] };
export type LookupItem = Customer & { assets: Asset[] };

export function useLookup(q: string) {
  return useQuery({
    queryKey: ['lookup', q],
    queryFn: () => api<{ items: LookupItem[] }>('GET', '/api/v1/customers/lookup', { query: { q } }),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export function useCustomers(filter: { q?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['customers', filter],
    queryFn: () => api<{ items: Customer[]; total: number }>('GET', '/api/v1/customers', { query: filter }),
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string | undefined) {
  return useQuery({ queryKey: ['customer', id], queryFn: () => api<CustomerDetail>('GET', `/api/v1/customers/${id}`), enabled: !!id });
}

function useCustomerMutation<V>(run: (vars: V) => Promise<{ id: string }>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['customer'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
      void client.invalidateQueries({ queryKey: ['lookup'] });
    },
  });
}

export function useCreateCustomer() {
  return useCustomerMutation((body: CreateCustomerBody) => api<Customer>('POST', '/api/v1/customers', { body }));
}

export function useUpdateCustomer() {
  return useCustomerMutation(({ customer, body }: { customer: Customer; body: Partial<Pick<Customer, 'name' | 'companyName' | 'email' | 'notes' | 'kind'>> }) =>
    api<Customer>('PATCH', `/api/v1/customers/${customer.id}`, { body, ifMatch: customer.version }),
  );
}

export function useAddPhone() {
  return useCustomerMutation(({ customerId, phone, label }: { customerId: string; phone: string; label?: string }) =>
    api<Customer>('POST', `/api/v1/customers/${customerId}/phones`, { body: { phone, label } }),
  );
}

export function useAddAddress() {
  return useCustomerMutation(({ customerId, address }: { customerId: string; address: AddressInput }) =>
    api<Customer>('POST', `/api/v1/customers/${customerId}/addresses`, { body: address }),
  );
}

export function useCorrectAddress() {
  return useCustomerMutation(({ customerId, addressId, invalid, correction }: { customerId: string; addressId: string; invalid?: boolean; correction?: AddressInput }) =>
    api<Customer>('PATCH', `/api/v1/customers/${customerId}/addresses/${addressId}`, { body: { invalid, correction } }),
  );
}

export function useCreateAsset() {
  return useCustomerMutation((body: CreateAssetBody) => api<Asset>('POST', '/api/v1/assets', { body }));
}

export function useAsset(id: string) {
  return useQuery({ queryKey: ['asset', id], queryFn: () => api<Asset>('GET', `/api/v1/assets/${id}`) });
}
