import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { passwordRefusal } from './modules/identity';
import { t, type Locale } from '../shared/i18n';

/**
 * The only reader of `process.env`. Everything is validated at start; a bad configuration
 * fails listing every bad variable at once.
 */
const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  ADMIN_USERNAME: z.string().regex(/^[a-zA-Z0-9_.-]{2,64}$/).default('admin'),
  ADMIN_PASSWORD: z.string().optional(),
  ORG_NAME: z.string().min(1).default('默认服务中心'),
  ORG_TIME_ZONE: z.string().default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(1024).default(20),
  /** Failures of one account (in one organisation) before its sign-ins are slowed, and before the addresses that failed it are refused. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /** Failures from one client address, whatever the accounts, before that address is refused. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** The first delay for an account over LOGIN_MAX_FAILURES; it doubles with each further failure. */
  LOGIN_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  LOGIN_MAX_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(15_000),
  /**
   * `false`: this process answers requests only and leaves the background work (due jobs, SLA
   * thresholds, messages, webhooks) to the others on the same PostgreSQL.
   */
  BACKGROUND_WORK: z.enum(['true', 'false']).default('true'),
  /** Work-order PDFs render in this many worker threads, off the thread that answers requests. */
  PDF_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  /** PDFs waiting for a worker beyond this answer 503 at once instead of piling up. */
  PDF_QUEUE: z.coerce.number().int().min(0).max(10_000).default(50),
  /** PDFs one user may have rendering or waiting at once; more answer 429. */
  PDF_PER_USER: z.coerce.number().int().min(1).max(100).default(2),
  /** A font with Chinese glyphs for printed work orders (Debian: fonts-wqy-microhei). */
  PDF_FONT: z.string().default('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
  /**
   * Which reverse proxies to believe about the client (X-Forwarded-For, -Proto, -Host): a
   * comma-separated list of addresses or CIDR ranges (or proxy-addr's names: loopback,
   * linklocal, uniquelocal).
   */
  TRUST_PROXY: z.string().default('false').transform(parseTrustProxy),
  /**
   * Secrets of the message channels (docs/messages.md). They are kept out of the organisation's
   * settings so that no API answer and no log line can carry them: the SMTP server's password,
   * and the keys that sign the requests to the SMS and WeChat gateways (HMAC-SHA256).
   */
  SMTP_PASSWORD: z.string().optional(),
  SMS_SIGNING_SECRET: z.string().min(16).optional(),
  WECHAT_SIGNING_SECRET: z.string().min(16).optional(),
});

/** Names proxy-addr (Fastify's `trustProxy`) knows for ranges of addresses. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `TRUST_PROXY` as Fastify takes it (S4). `true` is refused: Fastify would trust every hop, and
 * the leftmost X-Forwarded-For entry, which the client writes itself, would become its address.
 */
export function parseTrustProxy(value: string, ctx: z.RefinementCtx): false | string[] {
  const v = value.trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true') {
    ctx.addIssue({
      code: 'custom',
      message:
        '"true" would trust any client\'s own X-Forwarded-For; name the proxies instead, by address or CIDR range (TRUST_PROXY=127.0.0.1 or TRUST_PROXY=10.0.0.0/8,::1)',
    });
    return z.NEVER;
  }
  if (/^\d+$/.test(v)) {
    // Fastify (5.8+) treats a hop count as "trust nobody": a hop count cannot tell the proxy
    // from a client that connects directly and writes its own X-Forwarded-For.
    ctx.addIssue({ code: 'custom', message: 'a hop count cannot tell the proxy from a client that connects directly; name the proxies\' addresses or CIDR ranges instead (TRUST_PROXY=127.0.0.1)' });
    return z.NEVER;
  }
  const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((entry) => {
    if (NAMED_RANGES.has(entry)) return false;
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    if (!family || rest.length) return true;
    if (bits === undefined) return false;
    return !/^\d+$/.test(bits) || Number(bits) > (family === 4 ? 32 : 128);
  });
  if (bad.length || !entries.length) {
    ctx.addIssue({ code: 'custom', message: `not an address, CIDR range or hop count: ${bad.join(', ') || v}` });
    return z.NEVER;
  }
  return entries;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  adminUsername: string;
  adminPassword: string | undefined;
  orgName: string;
  orgTimeZone: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  sessionHours: number;
  maxUploadBytes: number;
  loginMaxFailures: number;
  loginMaxFailuresPerAddress: number;
  loginWindowMinutes: number;
  loginDelayMs: number;
  loginMaxDelayMs: number;
  /** Fastify's `trustProxy`: no proxy, or the proxies' addresses and ranges. */
  trustProxy: false | string[];
  /** The language of the command line's own output: Chinese where the terminal's locale says so (LC_ALL, LC_MESSAGES, LANG), English otherwise. */
  cliLocale: Locale;
  pdfFont: string;
  pdfWorkers: number;
  /** Whether this process runs the background loops (BACKGROUND_WORK). */
  backgroundWork: boolean;
  pdfQueue: number;
  pdfPerUser: number;
  /** The message channels' secrets; never returned by the API nor logged. */
  channelSecrets: { smtpPassword: string | undefined; smsSigningSecret: string | undefined; wechatSigningSecret: string | undefined };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables count as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  // S14: the first administrator's password follows the same rule as every other.
  const weak = e.ADMIN_PASSWORD === undefined ? null : passwordRefusal(e.ADMIN_PASSWORD, e.ADMIN_USERNAME);
  if (weak) throw new ConfigError([`ADMIN_PASSWORD: ${t('en-US', weak)}`]);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    adminUsername: e.ADMIN_USERNAME,
    adminPassword: e.ADMIN_PASSWORD,
    orgName: e.ORG_NAME,
    orgTimeZone: e.ORG_TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    sessionHours: e.SESSION_HOURS,
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginMaxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
    loginWindowMinutes: e.LOGIN_WINDOW_MINUTES,
    loginDelayMs: e.LOGIN_DELAY_MS,
    loginMaxDelayMs: e.LOGIN_MAX_DELAY_MS,
    trustProxy: e.TRUST_PROXY,
    cliLocale: /^zh/i.test(env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'zh-CN' : 'en-US',
    pdfFont: e.PDF_FONT,
    pdfWorkers: e.PDF_WORKERS,
    backgroundWork: e.BACKGROUND_WORK === 'true',
    pdfQueue: e.PDF_QUEUE,
    pdfPerUser: e.PDF_PER_USER,
    channelSecrets: { smtpPassword: e.SMTP_PASSWORD, smsSigningSecret: e.SMS_SIGNING_SECRET, wechatSigningSecret: e.WECHAT_SIGNING_SECRET },
  };
}
