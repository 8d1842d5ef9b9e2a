export {
  HttpPlacementClient,
  type HttpPlacementClientOptions,
  HttpPlacementRequester,
  type HttpPlacementTuning,
  type SessionPlacementTarget,
  type StaticPlacementTarget,
} from './http-placement-client.js';
export { type PlacementClientTuning, PlacementReportClient } from './placement-report-client.js';
export type { PlacementReply, PlacementRequest, PlacementRequester } from './placement-requester.js';
