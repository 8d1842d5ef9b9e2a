/**
 * DescribeAvailabilityZones (from the compute services' aggregates, as the
 * Compute API's os-availability-zone) and DescribeRegions (`[DEFAULT]
 * region_list`, else the one region nova, at this EC2 endpoint).
 */
import { availableZones } from '../../../compute-orchestration/availability-zones.js';
import type { Ec2Action } from '../ec2-action.js';
import { filterMatches, filterParams, listParam } from '../query-params.js';

export const describeAvailabilityZones: Ec2Action = async ({ params, deps }) => {
  const zones = [...(await availableZones(deps.compute))].sort();
  const wanted = listParam(params, 'ZoneName');
  const filters = filterParams(params);
  const selected = zones.filter(
    (z) =>
      (wanted.length === 0 || wanted.includes(z)) &&
      filters.every((f) =>
        filterMatches(f.values, f.name === 'zone-name' ? z : f.name === 'state' ? 'available' : null),
      ),
  );
  return {
    availabilityZoneInfo: selected.map((zoneName) => ({
      zoneName,
      zoneState: 'available',
      regionName: deps.settings.regions[0] ?? 'nova',
      messageSet: [],
    })),
  };
};

export const describeRegions: Ec2Action = async ({ params, deps }) => {
  const endpoint = `${deps.settings.listen.host}:${deps.settings.listen.port}`;
  const regions = deps.settings.regions.length > 0 ? deps.settings.regions : ['nova'];
  const wanted = listParam(params, 'RegionName');
  return {
    regionInfo: regions
      .filter((r) => wanted.length === 0 || wanted.includes(r))
      .map((regionName) => ({ regionName, regionEndpoint: endpoint })),
  };
};
