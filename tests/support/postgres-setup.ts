/**
 * Setup of each file of the `postgres` project (tests/vitest.postgres.config.ts): the file fails at
 * once, naming the URL, when PostgreSQL does not answer (under CI=true postgresReachable throws
 * itself; elsewhere the config skipped the project unless PostgreSQL answered then), instead of each
 * test failing on its first server start.
 */
import { postgresReachable, TEST_DATABASE_URL } from './postgres';

if (!(await postgresReachable())) throw new Error(`PostgreSQL stopped answering at ${TEST_DATABASE_URL}`);
