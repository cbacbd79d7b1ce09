/**
 * One typed client per service, through the gateway (`/api/<service>/…`), generated from each
 * service's OpenAPI (web/openapi/*.json → src/api/schema/*.ts by `npm run api-types`).
 *
 * Every call carries the session cookie and, on writes, the CSRF header; a problem body
 * (RFC 9457) becomes the same ApiError the portal's pages handle, so a page reads
 * `const { data } = await intake.GET(...)` and catches ApiError for refusals.
 */
import createClient, { type Middleware } from 'openapi-fetch'
import { ApiError, notifyUnauthorized } from '../lib/api'
import { csrfHeaders } from '../lib/csrf'
import type { paths as FeedbackPaths } from './schema/feedback'
import type { paths as IndexPaths } from './schema/index'
import type { paths as IntakePaths } from './schema/intake'
import type { paths as RoutingPaths } from './schema/routing'
import type { paths as SupervisionPaths } from './schema/supervision'

const session: Middleware = {
  onRequest({ request }) {
    const cookies = typeof document === 'undefined' ? '' : document.cookie
    for (const [name, value] of Object.entries(csrfHeaders(request.method, cookies))) {
      request.headers.set(name, value)
    }
    request.headers.set('Accept', 'application/json, application/problem+json')
    return request
  },
  async onResponse({ response }) {
    if (response.ok) return response
    if (response.status === 401) notifyUnauthorized(new URL(response.url, 'http://x').pathname)
    let body: unknown = null
    try {
      body = await response.clone().json()
    } catch {
      body = null
    }
    throw ApiError.fromProblem(response.status, body)
  },
}

function client<Paths extends object>(service: string) {
  // The schemas' paths start with /api/v1/…; the gateway carries /api/<service>/v1/… there.
  const c = createClient<Paths>({ baseUrl: `/api/${service}`, credentials: 'same-origin' })
  c.use(session)
  return c
}

// The schemas' paths are the services' own (`/api/v1/...`); on the gateway they are
// `/api/<service>/v1/...`, so each client's paths drop the leading `/api`.
export const intake = client<Rebased<IntakePaths>>('intake')
export const routing = client<Rebased<RoutingPaths>>('routing')
export const supervision = client<Rebased<SupervisionPaths>>('supervision')
export const indexApi = client<Rebased<IndexPaths>>('index')
export const feedback = client<Rebased<FeedbackPaths>>('feedback')

/** `/api/v1/x` → `/v1/x`: the part after the service's prefix on the gateway. */
type Rebased<P> = {
  [K in keyof P as K extends `/api/${infer Rest}` ? `/${Rest}` : never]: P[K]
}
