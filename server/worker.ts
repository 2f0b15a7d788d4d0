import type { Services } from './services';

/**
 * The background loops of every server process: due jobs, SLA thresholds, undelivered
 * messages; webhook deliveries. Every process runs it; the database decides who does which piece (SKIP LOCKED and
 * unique keys), so adding processes adds capacity and never duplicates work.
 */
export function startWorkers(services: Services, log: (message: string, data?: Record<string, unknown>) => void, intervalMs = 1000) {
  let stopped = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!stopped) {
      try {
        // Keep going while there is work, so a backlog drains without waiting a tick per item.
        let busy = true;
        for (let rounds = 0; busy && rounds < 50 && !stopped; rounds++) {
          const job = await services.jobs.runOnce();
          const fired = await services.sla.scanOnce();
          const sent = await services.notify.deliverOnce();
          busy = job !== null || fired > 0 || sent > 0;
        }
      } catch (error) {
        log('background work failed; retrying', { error: error instanceof Error ? error.message : String(error) });
      }
      if (!stopped) await sleep(intervalMs);
    }
  })();

  // Webhooks wait on other servers (up to their timeout): a loop of their own, so a slow
  // receiver never holds up the jobs, the SLA scanner or the outbox.
  let wakeHooks: (() => void) | null = null;
  const hooks = (async () => {
    while (!stopped) {
      let tried = 0;
      try {
        tried = await services.webhooks.deliverDue();
      } catch (error) {
        log('webhook delivery failed; retrying', { error: error instanceof Error ? error.message : String(error) });
      }
      if (!stopped && tried === 0)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, intervalMs);
          wakeHooks = () => {
            clearTimeout(timer);
            resolve();
          };
        });
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      (wakeHooks as (() => void) | null)?.();
      await Promise.all([loop, hooks]);
    },
  };
}
