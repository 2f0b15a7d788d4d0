import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { ErrorCode } from '../shared/errors';
import type { MessageKey } from '../shared/i18n';
import { AppError } from './errors';
import type { PdfDocument, PdfReply, PdfRequest } from './pdf-worker';

/**
 * Work-order PDFs render in worker threads (S2). A crafted ticket takes PDFKit about a second
 * of synchronous work; on the request thread six of them stalled every other request for two
 * seconds. Here the request thread only hands the content over and waits.
 *
 * Bounded on two sides, both from the configuration: at most `queue` jobs wait for a worker
 * (more answer 503 at once, rather than piling up memory and latency), and one user has at
 * most `perUser` jobs rendering or waiting (more answer 429), so one account cannot take the
 * pool from everyone else.
 */
export interface PdfPoolOptions {
  workers: number;
  queue: number;
  perUser: number;
}

export interface PdfPool {
  /**
   * Renders a work order. `load` reads what to render, and is called only once a worker is free
   * for it: a burst of prints waits in the queue without reading every ticket at once, which would
   * hold up every other request on this thread and in the database pool.
   */
  render(user: string, load: () => Promise<PdfDocument>): Promise<Buffer>;
  /** Jobs rendering and waiting now, jobs accepted since the pool started, and the thread ids of the workers that exist. */
  stats(): { running: number; waiting: number; accepted: number; threadIds: number[] };
  close(): Promise<void>;
}

interface Job {
  load: () => Promise<PdfDocument>;
  user: string;
  resolve(pdf: Buffer): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  job: (Job & { id: number }) | null;
}

/**
 * From the sources (tests, `npm run dev`) the worker is TypeScript and runs through tsx's
 * loader; from the build it is `dist/server/pdf-worker.js`, an entry of its own.
 */
function spawnWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  if (fromSource) {
    const entry = fileURLToPath(new URL('./pdf-worker.ts', import.meta.url));
    return new Worker(`import { register } from 'tsx/esm/api'; register(); await import(${JSON.stringify(new URL(`file://${entry}`).href)});`, { eval: true });
  }
  return new Worker(new URL('./pdf-worker.js', import.meta.url));
}

export function createPdfPool(options: PdfPoolOptions): PdfPool {
  const slots: Slot[] = [];
  const waiting: Job[] = [];
  const perUser = new Map<string, number>();
  let nextId = 1;
  let closed = false;
  let accepted = 0;

  const release = (user: string) => {
    const n = (perUser.get(user) ?? 1) - 1;
    if (n > 0) perUser.set(user, n);
    else perUser.delete(user);
  };

  function settle(slot: Slot, reply: PdfReply) {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    slot.job = null;
    release(job.user);
    if (reply.ok) job.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
    else if (reply.error.code) {
      job.reject(
        new AppError(reply.error.code as ErrorCode, {
          ...(reply.error.detail ? { detail: reply.error.detail as MessageKey } : {}),
          ...(reply.error.params ? { params: reply.error.params } : {}),
        }),
      );
    } else job.reject(new Error(`work order rendering failed: ${reply.error.message}`));
    pump();
  }

  function addSlot(): Slot {
    const slot: Slot = { worker: spawnWorker(), job: null };
    slot.worker.on('message', (reply: PdfReply) => settle(slot, reply));
    // A worker that dies takes only its own job with it; the next job gets a new worker.
    const lost = (error: unknown) => {
      const index = slots.indexOf(slot);
      if (index !== -1) slots.splice(index, 1);
      if (slot.job) {
        release(slot.job.user);
        slot.job.reject(error instanceof Error ? error : new Error('work order worker stopped'));
        slot.job = null;
      }
      if (!closed) pump();
    };
    slot.worker.on('error', lost);
    slot.worker.on('exit', (code) => lost(new Error(`work order worker exited with ${code}`)));
    slots.push(slot);
    return slot;
  }

  function pump() {
    while (waiting.length && !closed) {
      const slot = slots.find((s) => !s.job) ?? (slots.length < options.workers ? addSlot() : undefined);
      if (!slot) return;
      const job = waiting.shift()!;
      const id = nextId++;
      slot.job = { ...job, id };
      job.load().then(
        (request) => {
          if (slot.job?.id === id) slot.worker.postMessage({ id, ...request } satisfies PdfRequest);
        },
        (error: unknown) => {
          if (slot.job?.id !== id) return;
          slot.job = null;
          release(job.user);
          job.reject(error);
          pump();
        },
      );
    }
  }

  return {
    render(user, load) {
      if (closed) return Promise.reject(new AppError('SERVICE_UNAVAILABLE'));
      if ((perUser.get(user) ?? 0) >= options.perUser) {
        return Promise.reject(new AppError('RATE_LIMITED', { detail: 'errors.detail.tooManyPrints', params: { limit: options.perUser } }));
      }
      const busy = slots.filter((s) => s.job).length;
      if (busy >= options.workers && waiting.length >= options.queue) {
        return Promise.reject(new AppError('SERVICE_UNAVAILABLE', { detail: 'errors.detail.printQueueFull' }));
      }
      perUser.set(user, (perUser.get(user) ?? 0) + 1);
      accepted += 1;
      return new Promise<Buffer>((resolve, reject) => {
        waiting.push({ load, user, resolve, reject });
        pump();
      });
    },
    stats: () => ({ running: slots.filter((s) => s.job).length, waiting: waiting.length, accepted, threadIds: slots.map((s) => s.worker.threadId) }),
    async close() {
      closed = true;
      for (const job of waiting.splice(0)) job.reject(new AppError('SERVICE_UNAVAILABLE'));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}
