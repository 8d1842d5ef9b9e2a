export {
  HttpPlacementClient,
  type HttpPlacementClientOptions,
  type HttpPlacementTuning,
  type SessionPlacementTarget,
  type StaticPlacementTarget,
} from './http-placement-client.js';
