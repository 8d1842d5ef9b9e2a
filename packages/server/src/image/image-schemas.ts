/**
 * GET /v2/schemas/image, /images, /member, /members: the JSON schemas that
 * describe the documents this API returns (glanceclient validates against
 * them). Built from the same lists the service checks values against.
 */
import { CONTAINER_FORMATS, DISK_FORMATS, IMAGE_STATUSES, VISIBILITIES } from '@novats/core';

const nullableString = (description: string, maxLength = 255) => ({
  type: ['null', 'string'],
  maxLength,
  description,
});
const readOnly = (schema: Record<string, unknown>) => ({ ...schema, readOnly: true });

const IMAGE_PROPERTIES = {
  id: {
    type: 'string',
    description: 'An identifier for the image',
    pattern: '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$',
  },
  name: nullableString('Descriptive name for the image'),
  status: readOnly({
    type: 'string',
    description: 'Status of the image',
    enum: [...IMAGE_STATUSES],
  }),
  visibility: { type: 'string', description: 'Scope of image accessibility', enum: [...VISIBILITIES] },
  protected: { type: 'boolean', description: 'If true, image will not be deletable.' },
  os_hidden: {
    type: 'boolean',
    description: 'If true, image will not appear in default image list response.',
  },
  checksum: readOnly(nullableString('md5 hash of image contents.', 32)),
  os_hash_algo: readOnly(nullableString('Algorithm to calculate the os_hash_value', 64)),
  os_hash_value: readOnly(
    nullableString('Hexdigest of the image contents using the algorithm specified by the os_hash_algo', 128),
  ),
  owner: nullableString('Owner of the image'),
  size: readOnly({ type: ['null', 'integer'], description: 'Size of image file in bytes' }),
  virtual_size: readOnly({ type: ['null', 'integer'], description: 'Virtual size of image in bytes' }),
  container_format: {
    type: ['null', 'string'],
    description: 'Format of the container',
    enum: [null, ...CONTAINER_FORMATS],
  },
  disk_format: { type: ['null', 'string'], description: 'Format of the disk', enum: [null, ...DISK_FORMATS] },
  created_at: readOnly({ type: 'string', description: 'Date and time of image registration' }),
  updated_at: readOnly({ type: 'string', description: 'Date and time of the last image modification' }),
  tags: {
    type: 'array',
    description: 'List of strings related to the image',
    items: { type: 'string', maxLength: 255 },
  },
  direct_url: readOnly({
    type: 'string',
    description: 'URL to access the image file kept in external store',
  }),
  min_ram: { type: 'integer', description: 'Amount of ram (in MB) required to boot image.', minimum: 0 },
  min_disk: {
    type: 'integer',
    description: 'Amount of disk space (in GB) required to boot image.',
    minimum: 0,
  },
  self: readOnly({ type: 'string', description: 'An image self url' }),
  file: readOnly({ type: 'string', description: 'An image file url' }),
  schema: readOnly({ type: 'string', description: 'An image schema url' }),
  architecture: {
    type: 'string',
    description:
      'Operating system architecture as specified in https://docs.openstack.org/python-glanceclient/latest/cli/property-keys.html',
    is_base: false,
  },
  os_distro: {
    type: 'string',
    description:
      'Common name of operating system distribution as specified in https://docs.openstack.org/python-glanceclient/latest/cli/property-keys.html',
    is_base: false,
  },
  os_version: {
    type: 'string',
    description: 'Operating system version as specified by the distributor.',
    is_base: false,
  },
  kernel_id: {
    type: ['null', 'string'],
    description:
      'ID of image stored in Glance that should be used as the kernel when booting an AMI-style image.',
    is_base: false,
  },
  ramdisk_id: {
    type: ['null', 'string'],
    description:
      'ID of image stored in Glance that should be used as the ramdisk when booting an AMI-style image.',
    is_base: false,
  },
  instance_uuid: {
    type: 'string',
    description:
      'Metadata which can be used to record which instance this image is associated with. (Informational only, does not create an instance snapshot.)',
    is_base: false,
  },
};

const IMAGE_LINKS = [
  { rel: 'self', href: '{self}' },
  { rel: 'enclosure', href: '{file}' },
  { rel: 'describedby', href: '{schema}' },
];

export const IMAGE_SCHEMA = {
  name: 'image',
  properties: IMAGE_PROPERTIES,
  additionalProperties: { type: 'string' },
  links: IMAGE_LINKS,
};

export const IMAGES_SCHEMA = {
  name: 'images',
  properties: {
    images: { type: 'array', items: IMAGE_SCHEMA },
    schema: { type: 'string' },
    first: { type: 'string' },
    next: { type: 'string' },
  },
  links: [
    { rel: 'first', href: '{first}' },
    { rel: 'next', href: '{next}' },
    { rel: 'describedby', href: '{schema}' },
  ],
};

export const MEMBER_SCHEMA = {
  name: 'member',
  properties: {
    member_id: { type: 'string', description: 'An identifier for the image member (tenantId)' },
    image_id: {
      type: 'string',
      description: 'An identifier for the image',
      pattern: IMAGE_PROPERTIES.id.pattern,
    },
    created_at: { type: 'string', description: 'Date and time of image member creation' },
    updated_at: { type: 'string', description: 'Date and time of last modification of image member' },
    status: {
      type: 'string',
      description: 'The status of this image member',
      enum: ['pending', 'accepted', 'rejected'],
    },
    schema: { readOnly: true, type: 'string' },
  },
};

export const MEMBERS_SCHEMA = {
  name: 'members',
  properties: {
    members: { type: 'array', items: MEMBER_SCHEMA },
    schema: { type: 'string' },
  },
  links: [{ rel: 'describedby', href: '{schema}' }],
};
