export { collectGcp } from './collect.js';
export type { GcpScanOptions, GcpCollectorName } from './options.js';
export { GCP_COLLECTORS } from './options.js';
export { gcpEndpointsFromEnv, GCP_ENDPOINT_VARIABLES, type GcpEndpoints } from './endpoints.js';
export type { GcpCredentialOptions } from './auth.js';
export { GCP_API_CALLS, requiredGcpPermissions, type GcpApiCall } from './api-calls.js';
export { ReadOnlyViolation } from './read-only-guard.js';
export { gcpPermissionsText, GCP_PREDEFINED_ROLES } from './permissions.js';
