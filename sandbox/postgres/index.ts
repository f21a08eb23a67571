export { startDemoPostgres, DEFAULT_PERSISTENT_DATA_DIR } from './demoPostgres';
export type { DemoPostgres, DemoPostgresOptions } from './demoPostgres';
export { DEMO_DATABASES, DEMO_LIMITED_ROLE, DEMO_SUPERUSER } from './demoSchema';
export { PortInUseError, findFreePort, LOOPBACK_HOST } from './loopbackPort';
