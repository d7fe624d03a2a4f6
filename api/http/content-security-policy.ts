/**
 * The Content-Security-Policy of a page we serve: everything from our own origin only,
 * no plugins, no <base>, no form posts, no framing; a page widens one directive where it
 * must (an inline style, a blob: image) and says why beside it.
 */
export function contentSecurityPolicy(
  widen: { style?: string; img?: string; frameAncestors?: string } = {},
): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${widen.style ? ` ${widen.style}` : ""}`,
    `img-src 'self' data:${widen.img ? ` ${widen.img}` : ""}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${widen.frameAncestors ?? "'none'"}`,
  ].join("; ");
}
