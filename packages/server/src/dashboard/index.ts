export * from './dashboard-server.js';
export * from './dashboard-upstreams.js';
