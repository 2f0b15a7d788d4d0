import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
const db = new PGlite('/tmp/exp/data1', { extensions: { pg_trgm } });
console.log((await db.query("select datcollate, datctype from pg_database")).rows);
