// What a GitLab CI file cannot say but GitLab's documented dind TLS setup requires of the
// runner: the job and its services share /certs/client (config.toml `volumes =
// ["/certs/client", "/cache"]` for the docker executor; the Kubernetes executor shares it by
// itself). The reader assumes it, and messages and fix titles that depend on it say so.

export const sharedClientCertDir = '/certs/client';

export const sharedCertsAssumption = 'the runner shares /certs/client between the job and its services (config.toml volumes = ["/certs/client"], as GitLab documents for dind with TLS)';
