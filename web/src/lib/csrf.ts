/** The CSRF header the gateway asks of every write made with the session cookie. */

export const CSRF_COOKIE = 'sunshine_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'

/** The value of one cookie in a `document.cookie` string, or null. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() !== name) continue
    const raw = part.slice(eq + 1).trim()
    try {
      return decodeURIComponent(raw)
    } catch {
      return raw
    }
  }
  return null
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The headers to add to a request: the token on writes when the cookie is there. */
export function csrfHeaders(method: string, cookies: string): Record<string, string> {
  if (!WRITES.has(method.toUpperCase())) return {}
  const token = readCookie(cookies, CSRF_COOKIE)
  return token ? { [CSRF_HEADER]: token } : {}
}
