/** Where the tests find the real services; `scripts/services.sh up` provides these defaults. */
export const testServices = {
  postgresAdminUrl: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
};
