/**
 * What the inspector's, the auditor's and the admin's pages share: a refusal or failure as a
 * sentence for the user, whether this user may open the page (the frame's guard refuses too;
 * the page never loads data for a role it is not for), the region picker's options under the
 * user's org, and a link to the petition page when the frame has one.
 */
import { computed } from 'vue'
import { useRoute, useRouter, type RouteLocationRaw } from 'vue-router'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../../lib/api'
import { regionOptions, type CascaderOption, type Region } from '../../lib/reference'
import { useSession } from '../kit/session'

export function useErrorText() {
  const { t } = useI18n()
  return (e: unknown): string => {
    if (e instanceof ApiError) {
      if (e.status === 0) return t('common.networkError')
      if (e.detail) return e.detail
      return t('common.serverError')
    }
    return t('common.serverError')
  }
}

/** Whether the signed-in user's role is one the route is for (meta.roles). */
export function useAllowed() {
  const route = useRoute()
  const session = useSession()
  return computed(() => {
    const roles = route.meta.roles as string[] | undefined
    const me = session.me
    return !!me && (!roles || roles.includes(me.role))
  })
}

/** The petition page's route when the frame has it, else null (show the id as text). */
export function usePetitionLink() {
  const router = useRouter()
  return (id: string | null | undefined): RouteLocationRaw | null =>
    id && router.hasRoute('wb-petition') ? { name: 'wb-petition', params: { id } } : null
}

function find(regions: readonly Region[], code: string): Region | null {
  for (const r of regions) {
    if (r.code === code) return r
    const inner = find(r.children ?? [], code)
    if (inner) return inner
  }
  return null
}

/** The region cascader's options: the subtree of the user's org when it is a region. */
export function regionsUnder(regions: readonly Region[], org: string | undefined): CascaderOption[] {
  const root = org ? find(regions, org) : null
  if (root) return regionOptions([root])
  return regionOptions(regions)
}

/** Today in the city (Asia/Shanghai), as YYYY-MM-DD. */
export function cityToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)
}
