/**
 * Calls to the gateway: same origin, relative URLs, JSON in and out, problem bodies
 * (RFC 9457) turned into an ApiError that keeps the API's Chinese words (`detail_zh`, else
 * `detail`), its `code` and its `errors`.
 */
import { csrfHeaders } from './csrf'

export interface FieldError {
  field: string
  message: string
}

export class ApiError extends Error {
  readonly status: number
  /** What a page shows: the body's Chinese `detail_zh` where it has one, else its `detail`. */
  readonly detail: string | null
  readonly errors: FieldError[]
  /** The kind of refusal (`invalid_transition`, `version_conflict`, …), for the page's logic. */
  readonly code: string | null

  constructor(status: number, detail: string | null, errors: FieldError[], code: string | null = null) {
    super(detail ?? `HTTP ${status}`)
    this.status = status
    this.detail = detail
    this.errors = errors
    this.code = code
  }

  /** The error a problem body (RFC 9457, with the services' `code` and `detail_zh`) makes. */
  static fromProblem(status: number, body: unknown): ApiError {
    return new ApiError(status, problemDetail(body), problemErrors(body), problemString(body, 'code'))
  }
}

/** The field errors of a problem body, whatever else it carries. */
export function problemErrors(body: unknown): FieldError[] {
  if (!body || typeof body !== 'object') return []
  const errors = (body as { errors?: unknown }).errors
  if (!Array.isArray(errors)) return []
  const out: FieldError[] = []
  for (const e of errors) {
    if (e && typeof e === 'object') {
      const { field, message } = e as { field?: unknown; message?: unknown }
      if (typeof field === 'string' && typeof message === 'string') out.push({ field, message })
    }
  }
  return out
}

function problemString(body: unknown, key: string): string | null {
  if (!body || typeof body !== 'object') return null
  const value = (body as Record<string, unknown>)[key]
  return typeof value === 'string' && value ? value : null
}

/** The words for a person: the Chinese the services add, else the detail as it is. */
function problemDetail(body: unknown): string | null {
  return problemString(body, 'detail_zh') ?? problemString(body, 'detail')
}

async function readBody(res: Response): Promise<unknown> {
  const type = res.headers.get('content-type') ?? ''
  if (res.status === 204 || !type.includes('json')) return null
  try {
    return await res.json()
  } catch {
    return null
  }
}

/**
 * Who hears of a 401 from the API: the staff workbench sends its user back to sign in (the
 * session ended). Only the workbench's frame sets it; the portal has no sessions.
 */
let unauthorized: (() => void) | null = null

export function onUnauthorized(listener: (() => void) | null): void {
  unauthorized = listener
}

/** Called on every 401 an API answered (not sign-in's own: a wrong password is not an ended session). */
export function notifyUnauthorized(url: string): void {
  if (unauthorized && !url.startsWith('/auth/login')) unauthorized()
}

export interface RequestOptions {
  json?: unknown
  form?: FormData
  signal?: AbortSignal
  headers?: Record<string, string>
  /** The browser's priority for the request among the page's files (fetch's `priority`). */
  priority?: RequestPriority
}

export async function request<T>(method: string, url: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    ...csrfHeaders(method, typeof document === 'undefined' ? '' : document.cookie),
    ...opts.headers,
  }
  let body: BodyInit | undefined
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.json)
  } else if (opts.form) {
    body = opts.form
  }
  let res: Response
  try {
    res = await fetch(url, { method, headers, body, signal: opts.signal, credentials: 'same-origin', priority: opts.priority })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, null, [])
  }
  const data = await readBody(res)
  if (res.status === 401) notifyUnauthorized(url)
  if (!res.ok) throw ApiError.fromProblem(res.status, data)
  return data as T
}

export const get = <T>(url: string, signal?: AbortSignal) => request<T>('GET', url, { signal })
export const post = <T>(url: string, json?: unknown) => request<T>('POST', url, { json })

export const INTAKE = '/api/intake/v1/public'
export const FEEDBACK = '/api/feedback/v1/public'
