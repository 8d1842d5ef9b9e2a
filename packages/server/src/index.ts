/**
 * @novats/server: Nova's services (Compute and Placement APIs, conductor,
 * scheduler, compute) and the all-in-one cloud that composes them.
 */
export * from './api/auth/index.js';
export * from './api/compute/app.js';
export * from './cells/cell-registry.js';
export * from './cells/cell-transports.js';
export * from './cloud/all-in-one.js';
export * from './cloud/bootstrap.js';
export * from './cloud/nova-conf-options.js';
export * from './compute/compute-service.js';
export * from './conductor/conductor-service.js';
export * from './image/image-app.js';
export * from './scheduler/host-manager.js';
export * from './scheduler/scheduler-service.js';
