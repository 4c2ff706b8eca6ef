// The names a GitLab CI service answers to (GitLab docs, "Accessing the services"): its
// aliases when `alias:` is set (comma-separated), else names derived from the image: the tag
// and digest dropped, then `/` replaced by `__` and, for a second name, by `-`
// (`tutum/wordpress:latest` -> `tutum__wordpress`, `tutum-wordpress`; `docker:dind` -> `docker`).

export function serviceHostnames(image: string, alias: string | undefined): string[] {
  if (alias !== undefined) {
    const aliases = alias
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (aliases.length > 0) return aliases;
  }
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = withoutDigest.lastIndexOf(':');
  const repository = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
  const names = [repository.replaceAll('/', '__'), repository.replaceAll('/', '-')];
  return [...new Set(names)];
}
