/** EC2 ids as Nova's ec2utils writes them: a prefix and the integer id in eight hex digits. */

export type Ec2IdPrefix = 'i' | 'ami' | 'aki' | 'ari' | 'r';

export function formatEc2Id(prefix: Ec2IdPrefix, id: number): string {
  return `${prefix}-${id.toString(16).padStart(8, '0')}`;
}

/** The integer of `i-0000000a` style ids; null when the text is not such an id of that prefix. */
export function parseEc2Id(prefix: Ec2IdPrefix, text: string): number | null {
  const m = /^([a-z]+)-([0-9a-f]{1,16})$/i.exec(text);
  if (!m || m[1].toLowerCase() !== prefix) return null;
  const n = Number.parseInt(m[2], 16);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
