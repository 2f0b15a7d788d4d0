import { describe, expect, it } from 'vitest';
import { makePng } from '../server/png';
import { signIn, suite } from './support';

/**
 * C3, E8, E9: an asset's documents (proof of purchase, manual, certificate) are kept with it:
 * added on the asset's page, listed there with what each one is, and downloaded from it.
 */
let assetId = '';
const s = suite('asset-documents-', async ({ api }) => {
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '苏州精工机械', phone: '051268881234' });
  assetId = (await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'CNC-VM850-0042', productName: '立式加工中心 VM850', kind: 'machinery', purchasedOn: '2025-09-01' })).id;
  await api('POST', '/api/v1/users', { username: 'parts', password: 'Qian-kuguan-2026', name: '钱库管', role: 'parts_admin' });
});

const INVOICE = makePng(24, 16, [200, 40, 40]);
const MANUAL = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('an asset’s documents', () => {
  it('C3, E8, E9: adds a proof of purchase and a manual on the asset page, lists them by kind and downloads them', async () => {
    const { page, errors } = await s.page({ onFailure: 'asset-documents-failed' });
    await signIn(page);
    await page.goto(`/assets/${assetId}`);
    await page.waitForSelector('[data-testid=asset-documents]');
    expect(await page.locator('[data-testid=asset-document]').count()).toBe(0);

    const upload = async (purpose: string, file: { name: string; mimeType: string; buffer: Buffer }, count: number) => {
      await page.click('[data-testid=asset-document-purpose]');
      await page.click(`.ant-select-item-option >> text=${purpose}`);
      await page.setInputFiles('[data-testid=asset-documents] input[type=file]', file);
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=asset-document]').length === n, count);
    };
    await upload('购买凭证', { name: '发票.png', mimeType: 'image/png', buffer: INVOICE }, 1);
    await upload('说明书', { name: 'VM850 使用说明书.pdf', mimeType: 'application/pdf', buffer: MANUAL }, 2);
    await s.shot(page, '01-uploaded');

    const rows = page.locator('[data-testid=asset-document]');
    expect(await rows.filter({ hasText: '发票.png' }).textContent()).toContain('购买凭证');
    expect(await rows.filter({ hasText: 'VM850 使用说明书.pdf' }).textContent()).toContain('说明书');

    const stored = await s.api<{ items: { id: string; purpose: string; fileName: string }[] }>('GET', `/api/v1/assets/${assetId}/attachments`);
    expect(stored.items.map((a) => [a.fileName, a.purpose])).toEqual([
      ['发票.png', 'proof_of_purchase'],
      ['VM850 使用说明书.pdf', 'manual'],
    ]);

    // The link on the page downloads the very bytes uploaded.
    for (const [name, bytes] of [['发票.png', INVOICE], ['VM850 使用说明书.pdf', MANUAL]] as const) {
      const href = await rows.filter({ hasText: name }).locator('a[data-testid=asset-document-download]').getAttribute('href');
      const response = await page.request.get(href!);
      expect(response.status()).toBe(200);
      expect(Buffer.from(await response.body()).equals(bytes)).toBe(true);
    }

    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=asset-document]').length === 2);
    expect(errors).toEqual([]);
  });

  it('shows the documents to someone who may read the asset but not change it, without the upload', async () => {
    const { page, errors } = await s.page({ onFailure: 'asset-documents-failed-reader' });
    await signIn(page, { username: 'parts', password: 'Qian-kuguan-2026' });
    await page.goto(`/assets/${assetId}`);
    await page.waitForSelector('[data-testid=asset-documents]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=asset-document]').length === 2);
    expect(await page.locator('[data-testid=asset-documents] input[type=file]').count()).toBe(0);
    const href = await page.locator('a[data-testid=asset-document-download]').first().getAttribute('href');
    expect((await page.request.get(href!)).status()).toBe(200);
    expect(errors).toEqual([]);
  });
});
