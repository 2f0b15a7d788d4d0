import { resolve } from 'node:path';
import { z } from 'zod';

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
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  ORG_NAME: z.string().min(1).default('默认服务中心'),
  ORG_TIME_ZONE: z.string().default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(1024).default(20),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** A font with Chinese glyphs for printed work orders (Debian: fonts-wqy-microhei). */
  PDF_FONT: z.string().default('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
  /** `true` behind an HTTPS proxy: cookies become Secure and client IPs come from X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

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
  loginWindowMinutes: number;
  trustProxy: boolean;
  pdfFont: string;
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
    loginWindowMinutes: e.LOGIN_WINDOW_MINUTES,
    trustProxy: e.TRUST_PROXY,
    pdfFont: e.PDF_FONT,
  };
}
