/** A refusal of the API in plain Chinese: the services' own sentence where the answer has one,
 * else a lead by status with the API's detail beside it. */
import { ApiError } from '../../lib/api'

type T = (key: string, named?: Record<string, unknown>) => string

export function refusalMessage(e: unknown, t: T): string {
  const err = e as Partial<ApiError> | null
  const status = typeof err?.status === 'number' ? err.status : 0
  const detail = err?.detail ?? ''
  const fields = (err?.errors ?? []).map((f) => f.message).join('；')
  // A refusal the services name (`code`) says in its own Chinese what went wrong: no lead
  // by status before it. The fields' words follow where they add something.
  if (err?.code && detail && status !== 0 && status !== 401) {
    return fields && !detail.includes(fields) ? `${detail}（${fields}）` : detail
  }
  const extra = [detail, fields].filter(Boolean).join('；')
  const lead =
    status === 0
      ? t('common.networkError')
      : status === 401
        ? t('workbench.expired')
        : status === 403
          ? t('wb.kit.refused.forbidden')
          : status === 404
            ? t('wb.kit.refused.notFound')
            : status === 409
              ? t('wb.kit.refused.state')
              : status === 422 || status === 400
                ? t('wb.kit.refused.invalid')
                : t('common.serverError')
  return extra && status !== 0 ? `${lead}（${extra}）` : lead
}

/** A 409 from a command sent with If-Match that means someone else changed the petition
 * first: the version moved, or the state did (the command is no longer allowed). A 409 for a
 * rule of the regulation (a time limit passed) is a refusal to show as it is. */
export function isConflict(e: unknown): boolean {
  if (!(e instanceof ApiError) || e.status !== 409) return false
  if (e.code) return e.code === 'version_conflict' || e.code === 'invalid_transition'
  return !e.detail
}

/** The refusal in words a person can act on. */
export function refusalText(e: unknown, fallback: string, network: string): string {
  if (!(e instanceof ApiError)) return fallback
  if (e.status === 0) return network
  const field = e.errors[0]?.message
  // A body the request's shape failed (FastAPI's own 422) is best told by its field.
  if (field && (e.code === 'invalid' || !e.detail)) return field
  return e.detail ?? fallback
}
