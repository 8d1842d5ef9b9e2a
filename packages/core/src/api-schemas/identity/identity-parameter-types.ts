/**
 * The parameter types Keystone's v3 schemas are built from
 * (keystone/common/validation/parameter_types.py), and the one-member
 * wrapper every v3 body has (`{"user": {...}}`).
 */
export const KEYSTONE_ID = { type: 'string', minLength: 1, maxLength: 64 } as const;
export const NULLABLE_KEYSTONE_ID = { type: ['string', 'null'], minLength: 1, maxLength: 64 } as const;
/** A user, group, role or credential name: 1-255 characters, not only blanks. */
export const KEYSTONE_NAME = { type: 'string', minLength: 1, maxLength: 255, pattern: '\\S' } as const;
/** A project or domain name: 1-64 characters. */
export const RESOURCE_NAME = { type: 'string', minLength: 1, maxLength: 64, pattern: '\\S' } as const;
export const KEYSTONE_DESCRIPTION = { type: ['string', 'null'] } as const;
export const TAGS = {
  type: 'array',
  items: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^,/]*$' },
  maxItems: 80,
} as const;
export const OPTIONS = { type: 'object' } as const;

/** `{"<key>": member}`: how every v3 request body wraps its entity. */
export function keystoneBody<K extends string, M extends object>(key: K, member: M) {
  return {
    type: 'object',
    properties: { [key]: member } as { [P in K]: M },
    required: [key] as [K],
  } as const;
}
