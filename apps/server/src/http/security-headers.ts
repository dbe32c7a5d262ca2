import helmet from 'helmet';

/**
 * helmet's headers on every answer (the API and the Swagger UI page): a content security policy,
 * no MIME sniffing, no framing, no referrer leaks, HSTS. The policy is helmet's default less
 * `upgrade-insecure-requests`, which would send the docs page's own scripts to https:// when the
 * server is reached over plain http (a developer's localhost, or behind a proxy that ends TLS).
 * Swagger UI's scripts are files from this origin; its inline styles and data: images are allowed.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
}
