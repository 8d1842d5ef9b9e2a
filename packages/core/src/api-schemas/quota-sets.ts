/**
 * Bodies of PUT /os-quota-sets/{id} and PUT /os-quota-class-sets/{id} per
 * microversion (Nova's `schemas/quota_sets.py`, `quota_classes.py`): every
 * limit an integer (or a string of one) from -1 up; 2.36 drops the
 * nova-network keys, 2.57 the injected-file keys. Quota classes drop the
 * nova-network keys only from 2.50.
 */

/** Nova's `parameter_types.boolean`. */
const PARAMETER_BOOLEAN = {
  type: ['boolean', 'string'],
  enum: [
    ...[true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes'],
    ...[false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no'],
  ],
};

const QUOTA = { type: ['integer', 'string'], pattern: '^-?[0-9]+$', minimum: -1, maximum: 0x7fffffff };

const ALL = [
  'instances',
  'cores',
  'ram',
  'floating_ips',
  'fixed_ips',
  'metadata_items',
  'key_pairs',
  'security_groups',
  'security_group_rules',
  'injected_files',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
  'server_groups',
  'server_group_members',
  'networks',
];
const NETWORK = ['fixed_ips', 'floating_ips', 'security_groups', 'security_group_rules', 'networks'];
const INJECTED = ['injected_files', 'injected_file_content_bytes', 'injected_file_path_bytes'];

function props(drop: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ALL) if (!drop.includes(k)) out[k] = QUOTA;
  return out;
}

function wrap(key: string, properties: Record<string, unknown>): object {
  return {
    type: 'object',
    properties: { [key]: { type: 'object', properties, additionalProperties: false } },
    required: [key],
    additionalProperties: false,
  };
}

const withForce = (p: Record<string, unknown>) => ({ ...p, force: PARAMETER_BOOLEAN });

export const QUOTA_SET_UPDATE = wrap('quota_set', withForce(props([])));
export const QUOTA_SET_UPDATE_V236 = wrap('quota_set', withForce(props(NETWORK)));
export const QUOTA_SET_UPDATE_V257 = wrap('quota_set', withForce(props([...NETWORK, ...INJECTED])));

export const QUOTA_CLASS_UPDATE = wrap('quota_class_set', props([]));
export const QUOTA_CLASS_UPDATE_V250 = wrap('quota_class_set', props(NETWORK));
export const QUOTA_CLASS_UPDATE_V257 = wrap('quota_class_set', props([...NETWORK, ...INJECTED]));

/** The `user_id` query of os-quota-sets; unknown parameters are refused from 2.75. */
export const quotaSetQuery = (strict: boolean) => ({
  type: 'object',
  properties: { user_id: { type: 'array', items: { type: 'string' } } },
  additionalProperties: !strict,
});
