/** A refusal of the API in plain Chinese, with the API's own detail beside it. */
import type { ApiError } from '../../lib/api'

type T = (key: string, named?: Record<string, unknown>) => string

export function refusalMessage(e: unknown, t: T): string {
  const err = e as Partial<ApiError> | null
  const status = typeof err?.status === 'number' ? err.status : 0
  const detail = err?.detail ?? ''
  const fields = (err?.errors ?? []).map((f) => f.message).join('；')
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
