/**
 * @novats/server: Nova's services (Compute and Placement APIs, conductor,
 * scheduler, compute), the composition root they start from, and the
 * all-in-one cloud that composes them in one process.
 */
export * from './api/auth/index.js';
export * from './api/compute/app.js';
export * from './api/ec2/index.js';
export * from './api/metadata/index.js';
export { createPlacementApp, type PlacementAppOptions } from './api/placement/index.js';
export * from './cells/cell-registry.js';
export * from './cert/cert-settings.js';
export * from './cert/certificate-authority.js';
export * from './cloud/all-in-one.js';
export * from './cloud/bootstrap.js';
export * from './console-proxy/websocket-proxy.js';
export { purgeExpiredConsoleAuthorizations } from './consoleauth/console-authorizations.js';
export * from './container/deployment-errors.js';
export * from './container/deployment-scope.js';
export * from './container/service-settings.js';
export * from './container/service-tokens.js';
export * from './dashboard/index.js';
export * from './identity/index.js';
export * from './image/embedded-image-api.js';
export * from './image/image-app.js';
export * from './image/image-settings.js';
export { FakeNetwork, fakeNetworkFor, PRIVATE_NETWORK_ID } from './network/fake-network.js';
export * from './rpc/cert-rpcapi.js';
export * from './scheduler/host-manager.js';
export * from './services/image-api.js';
export * from './services/nova-api.js';
export * from './services/nova-api-metadata.js';
export * from './services/nova-cert.js';
export * from './services/nova-compute.js';
export * from './services/nova-conductor.js';
export * from './services/nova-consoleauth.js';
export * from './services/nova-ec2-api.js';
export * from './services/nova-novncproxy.js';
export * from './services/nova-scheduler.js';
export * from './services/nova-serialproxy.js';
export * from './services/nova-spicehtml5proxy.js';
export * from './services/nova-xvpvncproxy.js';
export * from './services/placement-api.js';
export * from './services/running-service.js';
export * from './volume/fake-volume-service.js';
