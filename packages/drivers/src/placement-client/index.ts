export { HttpPlacementClient, type HttpPlacementClientOptions } from './http-placement-client.js';
