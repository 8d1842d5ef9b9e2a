/**
 * The guest's password as Nova keeps it: the text split into four system
 * metadata keys of at most 255 characters (password_0..password_3).
 */

export const PASSWORD_CHUNKS = 4;
export const PASSWORD_CHUNK_LENGTH = 255;
export const PASSWORD_MAX_SIZE = PASSWORD_CHUNKS * PASSWORD_CHUNK_LENGTH;

export const PASSWORD_KEYS = Array.from({ length: PASSWORD_CHUNKS }, (_, i) => `password_${i}`);

export function passwordToSystemMetadata(password: string): Record<string, string> {
  return Object.fromEntries(
    PASSWORD_KEYS.map((k, i) => [
      k,
      password.slice(i * PASSWORD_CHUNK_LENGTH, (i + 1) * PASSWORD_CHUNK_LENGTH),
    ]),
  );
}

export function passwordFromSystemMetadata(sysmeta: Readonly<Record<string, string>>): string {
  return PASSWORD_KEYS.map((k) => sysmeta[k] ?? '').join('');
}
