import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CustomerDetail as CustomerDetailView, updateCustomerBody } from '../../../shared/contracts/customers';
import type { PreferencesBody, PreferencesView } from '../../../shared/contracts/messages';
import { api, type Wire } from '../../lib/api';
import { useCustomerMutation, type Customer } from '../../lib/queries/customers';
import { customerKeys } from '../../lib/query-keys';

export type CustomerDetail = Wire<CustomerDetailView>;

export function useCustomers(filter: { q?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: customerKeys.list(filter),
    queryFn: () => api<{ items: Customer[]; total: number }>('GET', '/api/v1/customers', { query: filter }),
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string | undefined) {
  return useQuery({ queryKey: customerKeys.detail(id), queryFn: () => api<CustomerDetail>('GET', `/api/v1/customers/${id}`), enabled: !!id });
}

export function useUpdateCustomer() {
  return useCustomerMutation(({ customer, body }: { customer: Customer; body: z.input<typeof updateCustomerBody> }) =>
    api<Customer>('PATCH', `/api/v1/customers/${customer.id}`, { body, ifMatch: customer.version }),
  );
}

export function useAddPhone() {
  return useCustomerMutation(({ customerId, phone, label }: { customerId: string; phone: string; label?: string }) =>
    api<Customer>('POST', `/api/v1/customers/${customerId}/phones`, { body: { phone, label } }),
  );
}

export type CustomerPreferences = Wire<PreferencesView>;
const preferencesKey = (id: string) => ['messages', 'preferences', 'customer', id] as const;

/** Administrators: the customer's message channels and WeChat subscription consent. */
export function useCustomerPreferences(id: string, enabled: boolean) {
  return useQuery({ queryKey: preferencesKey(id), queryFn: () => api<CustomerPreferences>('GET', `/api/v1/message-preferences/customers/${id}`), enabled });
}

export function useSaveCustomerPreferences(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesBody) => api<CustomerPreferences>('PUT', `/api/v1/message-preferences/customers/${id}`, { body }),
    onSuccess: (saved) => client.setQueryData(preferencesKey(id), saved),
  });
}
