import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../shared/domain';
import { ConfigError, loadConfig, type Config } from './config';
import { DataDirLockedError } from './db/data-dir-lock';
import { AppError } from './errors';
import { t } from '../shared/i18n';

const HELP = `shouhou: after-sales service management (售后服务管理系统)

Usage: npx shouhou <command> [options]

Commands:
  start                     Serve the API and web UI (PORT, HOST, DATA_DIR, DATABASE_URL)
  migrate                   Apply database migrations and exit
  user add                  Add a user:
                              --username <name> --password <pw> --name <full name>
                              --role <${ROLES.join('|')}>
                              [--org <organisation code>] (default: the first organisation)
  org add                   Add another organisation with its administrator and defaults:
                              --name <name> --code <code for sign-in>
                              --admin-username <name> --admin-password <pw>
                              [--time-zone Asia/Shanghai]
  demo                      Load demo data across the industries of the requirements
                              [--customers 1000] [--tickets 1000] [--seed 1]
  backup <directory>        Write a backup (database and uploaded files) into a new directory
  restore <directory>       Restore a backup into an empty DATA_DIR or database
  help                      Show this text

Configuration is read from the environment; see README.md.`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  switch (command) {
    case 'start': {
      const { startServer } = await import('./main');
      await startServer(config);
      return;
    }
    case 'migrate': {
      const { prepareDatabase } = await import('./main');
      const database = await prepareDatabase(config);
      await database.close();
      console.log(`Migrations applied (${database.kind}).`);
      return;
    }
    case 'user': {
      if (rest[0] !== 'add') fail('Usage: shouhou user add --username … --password … --name … --role …');
      const { values } = parseArgs({
        args: rest.slice(1),
        options: { username: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, org: { type: 'string' } },
      });
      if (!values.username || !values.password || !values.name || !values.role) fail('user add needs --username, --password, --name and --role');
      if (!ROLES.includes(values.role as Role)) fail(`--role must be one of: ${ROLES.join(', ')}`);
      const { addUser } = await import('./cli-tasks');
      await addUser(config, { username: values.username, password: values.password, name: values.name, role: values.role as Role, org: values.org });
      return;
    }
    case 'org': {
      if (rest[0] !== 'add') fail('Usage: shouhou org add --name … --code … --admin-username … --admin-password …');
      const { values } = parseArgs({
        args: rest.slice(1),
        options: { name: { type: 'string' }, code: { type: 'string' }, 'admin-username': { type: 'string' }, 'admin-password': { type: 'string' }, 'time-zone': { type: 'string' } },
      });
      if (!values.name || !values.code || !values['admin-username'] || !values['admin-password']) fail('org add needs --name, --code, --admin-username and --admin-password');
      if (!/^[a-z0-9][a-z0-9_-]{1,39}$/.test(values.code)) fail('--code: 2 to 40 lower-case letters, digits, - or _ (people type it to sign in)');
      const { addOrg } = await import('./cli-tasks');
      await addOrg(config, { name: values.name, code: values.code, adminUsername: values['admin-username'], adminPassword: values['admin-password'], timeZone: values['time-zone'] });
      return;
    }
    case 'demo': {
      const { values } = parseArgs({
        args: rest,
        options: { customers: { type: 'string', default: '1000' }, tickets: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } },
      });
      const { loadDemo } = await import('./cli-tasks');
      await loadDemo(config, { customers: Number(values.customers), tickets: Number(values.tickets), seed: Number(values.seed) });
      return;
    }
    case 'backup':
    case 'restore': {
      const dir = rest[0];
      if (!dir) fail(`Usage: shouhou ${command} <directory>`);
      const tasks = await import('./backup');
      await (command === 'backup' ? tasks.backup(config, dir) : tasks.restore(config, dir));
      return;
    }
    default:
      fail(`Unknown command "${command}".\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof DataDirLockedError) fail(error.message);
  if (error instanceof AppError) fail(`${error.code}${error.fields ? `: ${error.fields.map((f) => `${f.field} (${t('en-US', f.message, f.params)})`).join(', ')}` : ''}`);
  console.error(error);
  process.exit(1);
});
