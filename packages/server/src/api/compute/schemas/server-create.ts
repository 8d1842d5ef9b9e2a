/**
 * The body of POST /servers, as Nova's `schemas/servers.py` defines it for
 * the microversions served: unknown keys are rejected (Nova's
 * additionalProperties: false), names are 1-255 printable characters.
 */
const name = { type: 'string', minLength: 1, maxLength: 255, pattern: '^(?![\\s])[\\s\\S]*(?<![\\s])$' };
const ref = {
  anyOf: [
    { type: 'string', minLength: 1, maxLength: 255 },
    { type: 'integer', minimum: 0 },
  ],
};
const count = {
  anyOf: [
    { type: 'integer', minimum: 1 },
    { type: 'string', pattern: '^[0-9]*[1-9][0-9]*$' },
  ],
};

export function serverCreateSchema(opts: {
  networksRequired: boolean;
  descriptionAllowed: boolean;
  hostnameAllowed: boolean;
}): object {
  const server: Record<string, unknown> = {
    type: 'object',
    properties: {
      name,
      imageRef: { anyOf: [{ type: 'string', maxLength: 255 }, { type: 'null' }] },
      flavorRef: ref,
      adminPass: { type: 'string' },
      metadata: {
        type: 'object',
        patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
        additionalProperties: false,
      },
      networks: {
        anyOf: [
          { type: 'string', enum: ['auto', 'none'] },
          {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                uuid: { type: 'string' },
                port: { type: ['string', 'null'] },
                fixed_ip: { type: 'string' },
                tag: { type: 'string' },
              },
              additionalProperties: false,
            },
          },
        ],
      },
      'OS-DCF:diskConfig': { type: 'string', enum: ['AUTO', 'MANUAL'] },
      accessIPv4: { type: 'string', pattern: '^(\\d{1,3}\\.){3}\\d{1,3}$' },
      accessIPv6: { type: 'string' },
      availability_zone: { type: 'string', minLength: 1, maxLength: 255 },
      key_name: { type: 'string', minLength: 1, maxLength: 255 },
      min_count: count,
      max_count: count,
      return_reservation_id: { type: ['boolean', 'string'] },
      security_groups: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
      user_data: { type: 'string', maxLength: 65535 },
      config_drive: { type: ['boolean', 'string'] },
      personality: { type: 'array' },
      block_device_mapping: { type: 'array' },
      block_device_mapping_v2: { type: 'array' },
    },
    required: ['name', 'flavorRef', ...(opts.networksRequired ? ['networks'] : [])],
    additionalProperties: false,
  };
  if (opts.descriptionAllowed) {
    (server.properties as Record<string, unknown>).description = {
      anyOf: [{ type: 'string', maxLength: 255 }, { type: 'null' }],
    };
  }
  if (opts.hostnameAllowed) {
    (server.properties as Record<string, unknown>).hostname = {
      type: 'string',
      minLength: 1,
      maxLength: 255,
    };
  }
  return {
    type: 'object',
    properties: {
      server,
      'os:scheduler_hints': { type: 'object' },
      'OS-SCH-HNT:scheduler_hints': { type: 'object' },
    },
    required: ['server'],
    additionalProperties: false,
  };
}
