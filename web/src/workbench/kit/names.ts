/**
 * Codes in plain words: categories, regions and departments from intake's public reference
 * (read once; GET /public/reference lists the departments), and names a page learnt on the
 * way (routing's queue counts, the user's own org). A code with no known name shows as itself.
 */
import { computed, reactive, toRaw } from 'vue'
import type { Category, Named, Reference, Region } from '../../lib/reference'
import { useReferenceStore } from '../../stores/reference'
import { useSession } from './session'

/** A department as intake's public reference lists it. */
export interface ReferenceDepartment {
  code: string
  name_zh: string
  region_code: string
  level: string
  petition_office: boolean
}

/** The reference's departments (an older intake's reference has none). */
export function referenceDepartments(data: Reference | null | undefined): ReferenceDepartment[] {
  return (data as { departments?: ReferenceDepartment[] } | null | undefined)?.departments ?? []
}

const departments = reactive(new Map<string, string>())
let referenceRead: Promise<unknown> | null = null

/** Start reading intake's reference unless it is here or on the way: a page's components
 * (and the router's first reads, kit/early.ts) share one read. */
export function readReference(): void {
  const store = useReferenceStore()
  if (store.data || referenceRead) return
  referenceRead = store.load().finally(() => (referenceRead = null))
}

/** Department names a page learnt (e.g. routing's GET /v1/queues gives `name_zh`). */
export function rememberNames(items: readonly { code?: string; department?: string; name_zh?: string }[]): void {
  for (const i of items) {
    const code = i.code ?? i.department
    if (code && i.name_zh) departments.set(code, i.name_zh)
  }
}

function flatRegions(regions: readonly Region[], out: Map<string, string>): Map<string, string> {
  for (const r of regions) {
    out.set(r.code, r.name_zh)
    if (r.children) flatRegions(r.children, out)
  }
  return out
}

function flatCategories(categories: readonly Category[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const c of categories) {
    out.set(c.code, c.name_zh)
    for (const m of c.minors) out.set(m.code, m.name_zh)
  }
  return out
}

export function useNames() {
  const ref = useReferenceStore()
  readReference()
  const me = useSession().me
  if (me?.org_name) departments.set(me.org, me.org_name) // the user's own org, from /auth/me
  // The reference as read, not its reactive copy: it is replaced whole, never changed in
  // place, and walking a deep proxy of its ~200 regions cost a cold page tens of ms.
  const data = computed(() => (ref.data ? (toRaw(ref.data) as Reference) : null))
  const regions = computed(() => flatRegions(data.value?.regions ?? [], new Map()))
  const categories = computed(() => flatCategories(data.value?.categories ?? []))
  const kinds = computed(() => new Map((data.value?.kinds ?? []).map((k: Named) => [k.code, k.name_zh])))
  const listed = computed(() => new Map(referenceDepartments(data.value).map((d) => [d.code, d.name_zh])))

  function region(code: string | null | undefined): string {
    if (!code) return '—'
    return regions.value.get(code) ?? code
  }
  function category(code: string | null | undefined): string {
    if (!code) return '—'
    return categories.value.get(code) ?? code
  }
  function kind(code: string | null | undefined): string {
    if (!code) return '—'
    return kinds.value.get(code) ?? code
  }
  /** An org: a department (320831-ZJJ) or a region's government/office (320831). */
  function org(code: string | null | undefined): string {
    if (!code) return '—'
    return listed.value.get(code) ?? departments.get(code) ?? regions.value.get(code) ?? code
  }
  return { reference: ref, data, region, category, kind, org }
}
