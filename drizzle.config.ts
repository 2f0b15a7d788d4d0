import { defineConfig } from 'drizzle-kit';

// One migration history for both engines: drizzle-kit writes plain SQL that runs unchanged
// on embedded PGlite and on a PostgreSQL server. Merged migrations are never edited.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/modules/*/*.schema.ts',
  out: './server/db/migrations',
  casing: 'snake_case',
});
