/**
 * The Compute API's microversion range (2.1 to 2.93, Zed) and the per-request
 * version object that handlers and views consult.
 */
import { compareVersions, formatVersion, type Microversion } from '../../http/microversion.js';

export const MIN_COMPUTE_VERSION: Microversion = { major: 2, minor: 1 };
export const MAX_COMPUTE_VERSION: Microversion = { major: 2, minor: 93 };

export class ApiVersion {
  constructor(readonly version: Microversion) {}
  atLeast(major: number, minor: number): boolean {
    return compareVersions(this.version, { major, minor }) >= 0;
  }
  atMost(major: number, minor: number): boolean {
    return compareVersions(this.version, { major, minor }) <= 0;
  }
  toString(): string {
    return formatVersion(this.version);
  }
}
