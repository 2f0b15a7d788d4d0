import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../paths';

/*
 * The migration that made teams a managed list turns each organisation's free-text team names
 * into teams rows and points every user at theirs: run here on users written the way they were
 * before it, every user must keep the team they had, by name.
 */

const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
const teamsIndex = files.findIndex((f) => f.endsWith('_teams.sql'));

async function run(db: PGlite, file: string) {
  const statements = readFileSync(join(MIGRATIONS_DIR, file), 'utf8').split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);
  for (const statement of statements) await db.exec(statement);
}

let db: PGlite;
beforeAll(async () => {
  db = new PGlite();
  for (const file of files.slice(0, teamsIndex)) await run(db, file);
});
afterAll(async () => {
  await db?.close();
});

describe('the teams migration', () => {
  it('makes one team per distinct name in each organisation and keeps every user’s team', async () => {
    expect(teamsIndex).toBeGreaterThan(0);
    const orgs = ['0190a000-0000-7000-8000-00000000000a', '0190a000-0000-7000-8000-00000000000b'];
    for (const [i, id] of orgs.entries()) await db.query(`insert into organisations (id, code, name) values ($1, $2, $3)`, [id, `org${i}`, `机构${i}`]);
    const users: [string, string, string | null][] = [
      [orgs[0]!, 'a1', '南山组'],
      [orgs[0]!, 'a2', ' 南山组 '],
      [orgs[0]!, 'a3', '福田组'],
      [orgs[0]!, 'a4', null],
      [orgs[0]!, 'a5', '  '],
      [orgs[1]!, 'b1', '南山组'],
    ];
    for (const [n, [org, username, team]] of users.entries()) {
      await db.query(`insert into users (org_id, id, username, name, role, password_hash, team) values ($1, $2, $3, $3, 'technician', 'x', $4)`, [
        org,
        `0190a000-0000-7000-8000-1000000000${String(n).padStart(2, '0')}`,
        username,
        team,
      ]);
    }
    for (const file of files.slice(teamsIndex)) await run(db, file);

    const teams = (await db.query<{ org_id: string; name: string }>(`select org_id, name from teams order by org_id, name`)).rows;
    expect(teams).toEqual([
      { org_id: orgs[0], name: '南山组' },
      { org_id: orgs[0], name: '福田组' },
      { org_id: orgs[1], name: '南山组' },
    ]);
    const people = (await db.query<{ username: string; team: string | null }>(`select username, team from people_v order by username`)).rows;
    expect(people).toEqual([
      { username: 'a1', team: '南山组' },
      { username: 'a2', team: '南山组' },
      { username: 'a3', team: '福田组' },
      { username: 'a4', team: null },
      { username: 'a5', team: null },
      { username: 'b1', team: '南山组' },
    ]);
    // Each user points at a team of their own organisation.
    const crossed = await db.query(`select 1 from users u join teams t on t.id = u.team_id where t.org_id <> u.org_id`);
    expect(crossed.rows).toEqual([]);
  });
});
