import { z } from 'zod';
import { idParams, listOf, pageQuery, uuid } from '../../../shared/contracts/common';
import {
  addressInput,
  contactInput,
  correctAddressBody,
  createCustomerBody,
  customerDetail,
  customerView,
  phoneInput,
  siteInput,
  siteContractBody,
  siteView,
  updateCustomerBody,
} from '../../../shared/contracts/customers';
import { normalizePhone } from '../../../shared/phone';
import { actorOf } from '../../http/auth';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import type { CustomerService } from './customers.service';

const customerWithContacts = customerDetail.omit({ assets: true });

/** The customer's own routes; the caller lookup and the customer's file, which add assets, are workflows. */
export function customerRoutes(api: Api, customers: CustomerService) {
  api.post('/api/v1/customers', {
    config: { permission: 'customers.write' },
    schema: { tags: ['customers'], summary: 'Register a customer (H1)', body: createCustomerBody, response: { 201: customerView } },
    handler: async (request, reply) => reply.code(201).send(await customers.createCustomer(actorOf(request), request.body)),
  });

  api.get('/api/v1/customers', {
    config: { permission: 'customers.read' },
    schema: {
      tags: ['customers'],
      summary: 'Search customers by name, company or phone',
      querystring: pageQuery.extend({ q: z.string().trim().max(100).optional(), phone: z.string().max(40).optional() }),
      response: { 200: listOf(customerView) },
    },
    handler: async (request) => {
      const { q, phone, page, pageSize } = request.query;
      const result = await customers.findCustomers(actorOf(request), {
        q: q || undefined,
        phone: phone ? normalizePhone(phone) : undefined,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return { ...result, page, pageSize };
    },
  });

  api.patch('/api/v1/customers/:id', {
    config: { permission: 'customers.write' },
    schema: { tags: ['customers'], summary: 'Change a customer (If-Match)', params: idParams, body: updateCustomerBody, response: { 200: customerView } },
    handler: async (request, reply) =>
      withETag(reply, await customers.updateCustomer(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.post('/api/v1/customers/:id/phones', {
    config: { permission: 'customers.write' },
    schema: { tags: ['customers'], params: idParams, body: phoneInput, response: { 201: customerView } },
    handler: async (request, reply) => reply.code(201).send(await customers.addPhone(actorOf(request), request.params.id, request.body)),
  });

  api.delete('/api/v1/customers/:id/phones/:phoneId', {
    config: { permission: 'customers.write' },
    schema: { tags: ['customers'], params: z.object({ id: uuid, phoneId: uuid }), response: { 200: customerView } },
    handler: async (request) => customers.removePhone(actorOf(request), request.params.id, request.params.phoneId),
  });

  api.post('/api/v1/customers/:id/addresses', {
    config: { permission: 'customers.write' },
    schema: { tags: ['customers'], params: idParams, body: addressInput, response: { 201: customerView } },
    handler: async (request, reply) => reply.code(201).send(await customers.addAddress(actorOf(request), request.params.id, request.body)),
  });

  api.patch('/api/v1/customers/:id/addresses/:addressId', {
    config: { permission: 'customers.write' },
    schema: {
      tags: ['customers'],
      summary: 'Mark an address wrong and/or give the corrected one (H6)',
      params: z.object({ id: uuid, addressId: uuid }),
      body: correctAddressBody,
      response: { 200: customerView },
    },
    handler: async (request) => customers.correctAddress(actorOf(request), request.params.id, request.params.addressId, request.body),
  });

  api.post('/api/v1/customers/:id/contacts', {
    config: { permission: 'customers.write' },
    schema: { tags: ['customers'], params: idParams, body: contactInput, response: { 201: customerWithContacts } },
    handler: async (request, reply) => reply.code(201).send(await customers.addContact(actorOf(request), request.params.id, request.body)),
  });

  api.post('/api/v1/customers/:id/sites', {
    config: { permission: 'customers.write' },
    schema: { tags: ['customers'], params: idParams, body: siteInput, response: { 201: z.object({ id: uuid }) } },
    handler: async (request, reply) => reply.code(201).send(await customers.addSite(actorOf(request), request.params.id, request.body)),
  });

  api.patch('/api/v1/sites/:id', {
    config: { permission: 'customers.write' },
    schema: { tags: ['customers'], summary: 'E4: set or end the O&M contract of a site (its assets are patrolled until its last day)', params: idParams, body: siteContractBody, response: { 200: siteView } },
    handler: async (request) => customers.setSiteContract(actorOf(request), request.params.id, request.body),
  });
}
