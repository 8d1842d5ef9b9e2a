/** The EC2 actions served, by their Query protocol name (Nova's CloudController methods). */
import { describeImages } from './actions/describe-images.js';
import { describeInstanceTypes } from './actions/describe-instance-types.js';
import { describeInstances } from './actions/describe-instances.js';
import { describeAvailabilityZones, describeRegions } from './actions/describe-zones-regions.js';
import {
  getConsoleOutput,
  rebootInstances,
  runInstances,
  startInstances,
  stopInstances,
  terminateInstances,
} from './actions/instance-lifecycle.js';
import { createKeyPair, deleteKeyPair, describeKeyPairs, importKeyPair } from './actions/key-pairs.js';
import { createTags, deleteTags, describeTags } from './actions/tags.js';
import type { Ec2Action } from './ec2-action.js';

export const EC2_ACTIONS: Readonly<Record<string, Ec2Action>> = {
  RunInstances: runInstances,
  DescribeInstances: describeInstances,
  TerminateInstances: terminateInstances,
  StartInstances: startInstances,
  StopInstances: stopInstances,
  RebootInstances: rebootInstances,
  GetConsoleOutput: getConsoleOutput,
  DescribeImages: describeImages,
  DescribeAvailabilityZones: describeAvailabilityZones,
  DescribeRegions: describeRegions,
  CreateKeyPair: createKeyPair,
  ImportKeyPair: importKeyPair,
  DescribeKeyPairs: describeKeyPairs,
  DeleteKeyPair: deleteKeyPair,
  DescribeInstanceTypes: describeInstanceTypes,
  CreateTags: createTags,
  DescribeTags: describeTags,
  DeleteTags: deleteTags,
};
