/**
 * The block_device_mapping_v2 list the server create tests send: `image` as
 * the local root disk and a 1 GB blank volume deleted with the server;
 * `volume` adds to (or overrides) the volume's mapping, a device tag say.
 */
export function imageDiskAndBlankVolume(image: string, volume: object = {}): object[] {
  return [
    { source_type: 'image', destination_type: 'local', uuid: image, boot_index: 0 },
    {
      source_type: 'blank',
      destination_type: 'volume',
      volume_size: 1,
      delete_on_termination: true,
      ...volume,
    },
  ];
}
