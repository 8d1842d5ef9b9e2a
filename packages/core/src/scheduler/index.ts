/**
 * The filter scheduler: HostState snapshots, filters and weighers by Nova's
 * names, the pipeline and selectDestinations with alternates.
 */
export * from './aggregate-metadata.js';
export * from './diagnosis.js';
export * from './filter.js';
export * from './filters/all-hosts-filter.js';
export * from './filters/compute-filter.js';
export * from './host-state.js';
export * from './names.js';
export * from './no-valid-host.js';
export * from './options.js';
export * from './pipeline.js';
export * from './registry.js';
export * from './request-spec-builder.js';
export * from './rng.js';
export * from './select-destinations.js';
export * from './weigher.js';
export * from './weighers/ram-weigher.js';
