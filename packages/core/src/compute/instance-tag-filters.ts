/**
 * The server list's tag filters (2.26), as Nova's instance_get_all_by_filters
 * applies them: `tags` every tag, `tags-any` at least one, `not-tags` not
 * every one, `not-tags-any` none of them. Each is a list of tag names.
 */
export interface InstanceTagFilters {
  readonly tags?: readonly string[];
  readonly tags_any?: readonly string[];
  readonly not_tags?: readonly string[];
  readonly not_tags_any?: readonly string[];
}

/** Whether any tag filter is set (so a list must check tags at all). */
export function hasTagFilters(f: InstanceTagFilters): boolean {
  return Boolean(f.tags?.length || f.tags_any?.length || f.not_tags?.length || f.not_tags_any?.length);
}

/** Whether an instance with `tags` passes the filters. */
export function matchesTagFilters(tags: readonly string[] | undefined, f: InstanceTagFilters): boolean {
  const have = new Set(tags ?? []);
  if (f.tags?.length && !f.tags.every((t) => have.has(t))) return false;
  if (f.tags_any?.length && !f.tags_any.some((t) => have.has(t))) return false;
  if (f.not_tags?.length && f.not_tags.every((t) => have.has(t))) return false;
  if (f.not_tags_any?.length && f.not_tags_any.some((t) => have.has(t))) return false;
  return true;
}
