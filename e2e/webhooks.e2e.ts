import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, suite } from './support';

/**
 * The administrators' webhooks page against a receiver on 127.0.0.1 (the organisation allows
 * private targets for it): a subscription made on the page shows its secret once; a test
 * event reaches the receiver signed with it, the log shows it delivered, and 重新投递 sends it
 * again with the same event id. The server's own delivery loop sends them.
 */
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let receiver: Server;
let receiverUrl = '';

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
});

const s = suite('webhooks-', async ({ api }) => {
  const org = await api<{ version: number }>('GET', '/api/v1/organisation');
  await api('PATCH', '/api/v1/organisation', { settings: { webhooks: { allowPrivateTargets: true } } }, { 'if-match': String(org.version) });
});

async function until(check: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the webhooks page', () => {
  it('subscribes a URL, shows the secret once, sends a signed test event, and redelivers it with the same event id', async () => {
    const { page, errors } = await s.page({ onFailure: 'webhooks-failed' });
    await signIn(page);
    await page.goto('/webhooks');
    await page.click('[data-testid=webhook-add]');
    await page.fill('[id="url"]', receiverUrl);
    await page.click('.ant-modal-footer .ant-btn-primary');
    const secret = (await page.locator('[data-testid=webhook-secret]').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await page.waitForSelector(`text=${receiverUrl}`);
    await s.shot(page, '01-subscribed');

    await page.click('button:has-text("发送测试事件")');
    await until(() => received.length === 1);
    const first = received[0]!;
    expect(first.headers['x-shouhou-event']).toBe('webhook.test');
    expect(first.headers['x-shouhou-signature']).toBe(`sha256=${createHmac('sha256', secret).update(first.body).digest('hex')}`);

    await page.locator('.ant-table-row-expand-icon').first().click();
    await page.waitForSelector('text=已送达');
    await page.click('button:has-text("重新投递")');
    await until(() => received.length === 2);
    expect(received[1]!.headers['x-shouhou-event-id']).toBe(first.headers['x-shouhou-event-id']);
    await page.click('[data-testid=webhook-deliveries-refresh]');
    // The log of the redelivered event: its first try and the redelivery, both 200.
    await page.locator('.ant-table-row-expand-icon').nth(1).click();
    await expect.poll(() => page.locator('td:text-is("200")').count()).toBeGreaterThanOrEqual(3);
    await s.shot(page, '02-redelivered');
    expect(errors).toEqual([]);
  });
});
