// A document URI as a file system path: a leaf module, imported by readers, rules and the
// workspace grouping alike.

/** The path of a `file:` URI (decoded); any other URI as it is. */
export function pathOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}
