/**
 * The load generator: an in-process closed loop over undici's Pool rather than autocannon,
 * because every intake request needs its own body and Idempotency-Key (autocannon can do
 * that only through per-request callbacks, and then reports latencies we cannot cross-check),
 * and because keeping it in process lets the harness record every latency exactly instead
 * of a histogram's buckets. It shares the two cores with the server and the database; the
 * figures say so.
 */
import { Pool } from 'undici';

export interface Latency {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarise(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : NaN,
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

export interface Call {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  /** Requests completed inside the measured window, per second. */
  perSecond: number;
  completed: number;
  errors: number;
  statuses: Record<string, number>;
  errorSamples: string[];
  latencyMs: Latency;
}

/**
 * `concurrency` connections, each sending its next request as soon as the previous one
 * answered, for a warm-up and then a measured window. Throughput counts the answers that
 * arrive inside the window; latency covers every request started inside it, including
 * those that finish after it, so a slow tail is never cut off.
 */
export async function closedLoop(opts: {
  origin: string;
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  expectStatus: number;
  next: (n: number) => Call;
  /** Called when the measured window opens and closes, to observe the machine over exactly it. */
  onWindowStart?: () => void;
  onWindowEnd?: () => void;
}): Promise<LoadResult> {
  const pool = new Pool(opts.origin, { connections: opts.concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  const start = performance.now();
  const windowStart = start + opts.warmupSeconds * 1000;
  const windowEnd = windowStart + opts.seconds * 1000;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errorSamples: string[] = [];
  let completed = 0;
  let errors = 0;
  let n = 0;
  let opened = false;
  let closed = false;
  const open = () => {
    if (opened) return;
    opened = true;
    opts.onWindowStart?.();
  };
  const close = () => {
    if (closed) return;
    closed = true;
    opts.onWindowEnd?.();
  };
  const timers = [setTimeout(open, windowStart - start), setTimeout(close, windowEnd - start)];

  async function worker() {
    while (performance.now() < windowEnd) {
      const call = opts.next(n++);
      const t0 = performance.now();
      let status = 0;
      let text = '';
      try {
        const res = await pool.request({ method: call.method, path: call.path, headers: call.headers, body: call.body });
        status = res.statusCode;
        text = await res.body.text();
      } catch (error) {
        text = String(error);
      }
      const t1 = performance.now();
      if (t0 < windowStart) continue;
      latencies.push(t1 - t0);
      if (t1 <= windowEnd) completed++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== opts.expectStatus) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`${status} ${text.slice(0, 300)}`);
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    // A busy event loop can run the timers late; the hooks still fire once each, in order.
    for (const t of timers) clearTimeout(t);
    open();
    close();
    await pool.close();
  }
  return {
    concurrency: opts.concurrency,
    warmupSeconds: opts.warmupSeconds,
    seconds: opts.seconds,
    perSecond: completed / opts.seconds,
    completed,
    errors,
    statuses,
    errorSamples,
    latencyMs: summarise(latencies),
  };
}

export interface SequentialResult {
  requests: number;
  latencyMs: Latency;
  /** The first measured answer, for the report (how many rows matched). */
  sample: unknown;
  errors: number;
}

/** One request at a time on one connection: what a single user waits for. */
export async function sequential(opts: {
  origin: string;
  path: string;
  headers: Record<string, string>;
  warmup: number;
  requests: number;
  /** A request that takes a second would make 200 of them take minutes; stop measuring after this. */
  maxSeconds: number;
}): Promise<SequentialResult> {
  const pool = new Pool(opts.origin, { connections: 1, pipelining: 1 });
  const latencies: number[] = [];
  let sample: unknown;
  let errors = 0;
  let measuringSince = 0;
  try {
    for (let i = 0; i < opts.warmup + opts.requests; i++) {
      if (i === opts.warmup) measuringSince = performance.now();
      if (i > opts.warmup && performance.now() - measuringSince > opts.maxSeconds * 1000) break;
      const t0 = performance.now();
      const res = await pool.request({ method: 'GET', path: opts.path, headers: opts.headers });
      const text = await res.body.text();
      const t1 = performance.now();
      if (res.statusCode !== 200) {
        errors++;
        if (errors === 1) throw new Error(`GET ${opts.path}: ${res.statusCode} ${text.slice(0, 300)}`);
      }
      if (i >= opts.warmup) {
        latencies.push(t1 - t0);
        sample ??= JSON.parse(text);
      }
    }
  } finally {
    await pool.close();
  }
  return { requests: latencies.length, latencyMs: summarise(latencies), sample, errors };
}
