import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, type AppHarness } from '../../test/harness';

/** A real PNG of `size`×`size` grey pixels: signature, IHDR, IDAT, IEND, each with its CRC. */
function png(size = 2): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  // Noise, so that deflate cannot shrink a large image below the upload limit.
  let seed = size;
  const noise = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) >> 16;
  const rows = Buffer.concat(Array.from({ length: size }, () => Buffer.from([0, ...Array.from({ length: size }, () => noise() % 256)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The start of a Linux executable: ELF magic, 64-bit, little-endian, then padding. */
const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 0)]);
const html = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/v1/users")</script></body></html>');

interface Part {
  name: string;
  value: Buffer | string;
  fileName?: string;
  contentType?: string;
}

/** A multipart/form-data body written out by hand: boundary lines, part headers, CRLFs. */
function multipart(parts: Part[]) {
  const boundary = `----shouhou-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.fileName !== undefined) head += `; filename="${part.fileName}"`;
    head += '\r\n';
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value, 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function upload(app: AppHarness, token: string, url: string, file: { bytes: Buffer; fileName: string; contentType: string }, purpose?: string) {
  const body = multipart([
    ...(purpose ? [{ name: 'purpose', value: purpose }] : []),
    { name: 'file', value: file.bytes, fileName: file.fileName, contentType: file.contentType },
  ]);
  return app.app.inject({ method: 'POST', url, headers: { ...bearer(token), 'content-type': body.contentType }, payload: body.payload });
}

async function newTicket(app: AppHarness) {
  const customer = await app.app.inject({ method: 'POST', url: '/api/v1/customers', headers: bearer(app.adminToken), payload: { name: '附件客户', phone: '13812340001' } });
  const ticket = await app.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: bearer(app.adminToken), payload: { customerId: customer.json().id, channel: 'phone', description: '屏幕碎裂，附照片' } });
  expect(ticket.statusCode, ticket.body).toBe(201);
  return { customerId: customer.json().id as string, ticketId: ticket.json().id as string };
}

const storedFiles = (app: AppHarness) => {
  const walk = (dir: string): string[] => {
    try {
      return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    } catch {
      return [];
    }
  };
  return walk(join(app.config.dataDir, 'files'));
};

describe('ticket attachments', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await createAppHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('stores an uploaded photo, lists it and gives back the same bytes', async () => {
    const { ticketId } = await newTicket(h);
    const bytes = png(4);
    const response = await upload(h, h.adminToken, `/api/v1/tickets/${ticketId}/attachments`, { bytes, fileName: '现场照片.png', contentType: 'image/png' }, 'photo');
    expect(response.statusCode, response.body).toBe(201);
    const attachment = response.json();
    expect(attachment).toMatchObject({ ownerType: 'ticket', ownerId: ticketId, purpose: 'photo', fileName: '现场照片.png', contentType: 'image/png', sizeBytes: bytes.length });

    const list = await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}/attachments`, headers: bearer(h.adminToken) });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([attachment]);

    const download = await h.app.inject({ method: 'GET', url: `/api/v1/attachments/${attachment.id}/content`, headers: bearer(h.adminToken) });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent('现场照片.png')}`);
    expect(Buffer.compare(download.rawPayload, bytes)).toBe(0);
  });

  it('records the upload as an attachment event of the ticket', async () => {
    const { ticketId } = await newTicket(h);
    const attachment = (await upload(h, h.adminToken, `/api/v1/tickets/${ticketId}/attachments`, { bytes: png(3), fileName: 'nameplate.png', contentType: 'image/png' })).json();
    const events = (await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}/events`, headers: bearer(h.adminToken) })).json().items;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['created', 'attachment']);
    expect(events[1]).toMatchObject({ details: { attachmentId: attachment.id, fileName: 'nameplate.png', contentType: 'image/png' }, actor: { name: '系统管理员' } });
  });

  it('judges a file by its bytes: an executable or a web page sent as image/png is refused 415', async () => {
    const { ticketId } = await newTicket(h);
    const before = storedFiles(h).length;
    for (const [name, bytes] of [
      ['payload.png', elf],
      ['page.png', html],
    ] as const) {
      const response = await upload(h, h.adminToken, `/api/v1/tickets/${ticketId}/attachments`, { bytes, fileName: name, contentType: 'image/png' });
      expect(response.statusCode, name).toBe(415);
      expect(response.json().code, name).toBe('FILE_TYPE_NOT_ALLOWED');
    }
    const asHtml = await upload(h, h.adminToken, `/api/v1/tickets/${ticketId}/attachments`, { bytes: html, fileName: 'page.html', contentType: 'text/html' });
    expect(asHtml.statusCode).toBe(415);
    const list = await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}/attachments`, headers: bearer(h.adminToken) });
    expect(list.json().items).toEqual([]);
    const events = (await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}/events`, headers: bearer(h.adminToken) })).json().items;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['created']);
    // Nothing of a refused file stays on disk.
    expect(storedFiles(h).length).toBe(before);
  });

  it('takes plain text as text, whatever the declared type says about it', async () => {
    const { ticketId } = await newTicket(h);
    const notes = Buffer.from('故障代码 E4，压缩机过热保护\n', 'utf8');
    const response = await upload(h, h.adminToken, `/api/v1/tickets/${ticketId}/attachments`, { bytes: notes, fileName: 'notes.txt', contentType: 'text/plain' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().contentType).toBe('text/plain');
  });

  it('answers a request without a file, or not multipart, with a problem', async () => {
    const { ticketId } = await newTicket(h);
    const noFile = multipart([{ name: 'purpose', value: 'photo' }]);
    const empty = await h.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/attachments`, headers: { ...bearer(h.adminToken), 'content-type': noFile.contentType }, payload: noFile.payload });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('VALIDATION_FAILED');
    const json = await h.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/attachments`, headers: bearer(h.adminToken), payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('lets only those who see the ticket see its files: an unassigned technician gets 404', async () => {
    const { ticketId } = await newTicket(h);
    const attachment = (await upload(h, h.adminToken, `/api/v1/tickets/${ticketId}/attachments`, { bytes: png(2), fileName: 'a.png', contentType: 'image/png' })).json();

    const strangerToken = await h.tokenFor('technician');
    const content = `/api/v1/attachments/${attachment.id}/content`;
    expect((await h.app.inject({ method: 'GET', url: content, headers: bearer(strangerToken) })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}/attachments`, headers: bearer(strangerToken) })).statusCode).toBe(404);
    const sneaky = await upload(h, strangerToken, `/api/v1/tickets/${ticketId}/attachments`, { bytes: png(2), fileName: 'b.png', contentType: 'image/png' });
    expect(sneaky.statusCode).toBe(404);

    // Once dispatched to a technician, that technician may.
    const tech = await h.actorWithRole('technician');
    const techToken = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: tech.username, password: 'Harness-key-4821' } })).json().token;
    const headers = { ...bearer(h.adminToken) };
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/transitions`, headers: { ...headers, 'if-match': '1' }, payload: { action: 'accept' } })).statusCode).toBe(200);
    const dispatched = await h.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/transitions`, headers: { ...headers, 'if-match': '2' }, payload: { action: 'dispatch', technicianId: tech.userId } });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    const mine = await h.app.inject({ method: 'GET', url: content, headers: bearer(techToken) });
    expect(mine.statusCode).toBe(200);
    expect(mine.rawPayload.length).toBe(attachment.sizeBytes);
    expect((await h.app.inject({ method: 'GET', url: content, headers: bearer(strangerToken) })).statusCode).toBe(404);
  });

  it('hides one organisation’s files from another', async () => {
    const { ticketId } = await newTicket(h);
    const attachment = (await upload(h, h.adminToken, `/api/v1/tickets/${ticketId}/attachments`, { bytes: png(5), fileName: 'c.png', contentType: 'image/png' })).json();
    const other = await h.services.identity.createOrganisation({ code: 'files-other', name: '别家' });
    await h.services.identity.createUser(other.id, { username: 'files-other-admin', password: 'Harness-key-4821', name: '外人', role: 'admin' });
    const token = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'files-other-admin', password: 'Harness-key-4821' } })).json().token;
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/attachments/${attachment.id}/content`, headers: bearer(token) })).statusCode).toBe(404);
    expect((await upload(h, token, `/api/v1/tickets/${ticketId}/attachments`, { bytes: png(2), fileName: 'd.png', contentType: 'image/png' })).statusCode).toBe(404);
  });

  it('C3: keeps a proof of purchase with the asset', async () => {
    const { customerId } = await newTicket(h);
    const asset = (await h.app.inject({ method: 'POST', url: '/api/v1/assets', headers: bearer(h.adminToken), payload: { customerId, serialNumber: 'RMA-0001', purchasedOn: '2026-03-01' } })).json();
    const bytes = png(6);
    const response = await upload(h, h.adminToken, `/api/v1/assets/${asset.id}/attachments`, { bytes, fileName: '发票.png', contentType: 'image/png' }, 'proof_of_purchase');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ ownerType: 'asset', ownerId: asset.id, purpose: 'proof_of_purchase' });
    const list = (await h.app.inject({ method: 'GET', url: `/api/v1/assets/${asset.id}/attachments`, headers: bearer(h.adminToken) })).json();
    expect(list.items.map((a: { id: string }) => a.id)).toEqual([response.json().id]);
    const download = await h.app.inject({ method: 'GET', url: `/api/v1/attachments/${response.json().id}/content`, headers: bearer(h.adminToken) });
    expect(Buffer.compare(download.rawPayload, bytes)).toBe(0);
  });

  it('S10: an asset’s files answer as the asset does: refused to roles without assets.read, the customer’s own included', async () => {
    const { customerId } = await newTicket(h);
    const asset = (await h.app.inject({ method: 'POST', url: '/api/v1/assets', headers: bearer(h.adminToken), payload: { customerId, serialNumber: 'S10-0001' } })).json();
    const invoice = (await upload(h, h.adminToken, `/api/v1/assets/${asset.id}/attachments`, { bytes: png(3), fileName: '发票.png', contentType: 'image/png' }, 'proof_of_purchase')).json();
    const read = async (token: string) => ({
      asset: (await h.app.inject({ method: 'GET', url: `/api/v1/assets/${asset.id}`, headers: bearer(token) })).statusCode,
      file: (await h.app.inject({ method: 'GET', url: `/api/v1/attachments/${invoice.id}/content`, headers: bearer(token) })).statusCode,
    });
    for (const [role, token] of [
      ['technician', await h.tokenFor('technician')],
      ['contractor', await h.tokenFor('contractor')],
      ['customer', await h.tokenFor('customer', { customerId })],
    ] as const) {
      expect(await read(token), role).toEqual({ asset: 403, file: 403 });
    }
    // A role that reads assets reads their files.
    expect(await read(await h.tokenFor('finance'))).toEqual({ asset: 200, file: 200 });
  });
});

describe('upload size limit', () => {
  let small: AppHarness;
  beforeAll(async () => {
    small = await createAppHarness({ config: { maxUploadBytes: 1024 } });
  });
  afterAll(async () => {
    await small?.close();
  });

  it('refuses a file larger than the limit with 413 FILE_TOO_LARGE and keeps nothing of it', async () => {
    const { ticketId } = await newTicket(small);
    const big = png(64);
    expect(big.length).toBeGreaterThan(1024);
    const response = await upload(small, small.adminToken, `/api/v1/tickets/${ticketId}/attachments`, { bytes: big, fileName: 'big.png', contentType: 'image/png' });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('FILE_TOO_LARGE');
    expect(storedFiles(small)).toEqual([]);
    const list = await small.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}/attachments`, headers: bearer(small.adminToken) });
    expect(list.json().items).toEqual([]);

    const fits = png(2);
    expect(fits.length).toBeLessThanOrEqual(1024);
    const ok = await upload(small, small.adminToken, `/api/v1/tickets/${ticketId}/attachments`, { bytes: fits, fileName: 'small.png', contentType: 'image/png' });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
