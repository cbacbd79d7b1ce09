/**
 * What the inspector's, the auditor's and the admin's pages share: a refusal or failure as a
 * sentence for the user, whether this user may open the page (the frame's guard refuses too;
 * the page never loads data for a role it is not for), the region picker's options under the
 * user's org and the departments under a region, a case owner in words, and a link to the
 * petition page when the frame has one.
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

/**
 * A case owner (包案领导) in words, never as a user id: the name the petition office gave,
 * else "<the department's name>包案领导", else 未确定 when none is named. `orgName` turns the
 * department's code into its name (kit/names.ts).
 */
export function useOwnerName(orgName: (code: string | null | undefined) => string) {
  const { t } = useI18n()
  return (owner: string | null | undefined, name: string | null | undefined, department: string | null | undefined): string => {
    if (!owner) return t('wb.inspector.overdue.noOwner')
    if (name) return name
    if (department) return t('wb.inspector.overdue.ownerOf', { department: orgName(department) })
    return t('wb.inspector.col.caseOwner')
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

function codesOf(r: Region, out: Set<string>): Set<string> {
  out.add(r.code)
  for (const c of r.children ?? []) codesOf(c, out)
  return out
}

/**
 * The departments of the reference data that lie in `region`'s subtree (every one where the
 * region is not in the tree, e.g. none is asked for and the user's org is a department),
 * as the department filter offers them: by name, under the code the API takes.
 */
export function departmentsUnder<D extends { code: string; region_code: string }>(
  regions: readonly Region[],
  departments: readonly D[],
  region: string | null | undefined,
): D[] {
  const root = region ? find(regions, region) : null
  if (!root) return [...departments]
  const codes = codesOf(root, new Set())
  return departments.filter((d) => codes.has(d.region_code))
}

/** Today in the city (Asia/Shanghai), as YYYY-MM-DD. */
export function cityToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)
}
