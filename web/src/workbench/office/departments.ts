/**
 * The departments, as intake's public reference lists them (GET /public/reference:
 * code, name_zh, region_code, level, petition_office): read once, shared by every page.
 * Which department answers for which category is routing's and intake's to say: a picker
 * offers the departments of the office's region, and intake refuses, in Chinese, one that
 * may not take the petition.
 */
import type { Reference } from '../../lib/reference'
import { useReferenceStore } from '../../stores/reference'
import { referenceDepartments, type ReferenceDepartment } from '../kit/names'

export type Department = ReferenceDepartment

interface Tables {
  data: Reference | null
  all: readonly Department[]
  byCode: Map<string, Department>
}

let memo: Tables | null = null
let asked = false

/** The departments as the store holds them now (reactive: it reads the store's data). */
function tables(): Tables {
  const store = useReferenceStore()
  if (!asked) {
    asked = true
    void store.load()
  }
  const data = store.data
  if (!memo || memo.data !== data) {
    const all = referenceDepartments(data)
    memo = { data, all, byCode: new Map(all.map((d) => [d.code, d])) }
  }
  return memo
}

/** Every department (empty until the reference has loaded). */
export function allDepartments(): readonly Department[] {
  return tables().all
}

/** The departments once the reference has loaded (it is read again after a failure). */
export async function loadDepartments(): Promise<readonly Department[]> {
  tables()
  await useReferenceStore().load()
  return tables().all
}

export function department(code: string | null | undefined): Department | undefined {
  return code ? tables().byCode.get(code) : undefined
}

/** A department's (or a region's, via `regionName`) name, else the code itself. */
export function departmentName(code: string | null | undefined, regionName?: (c: string) => string): string {
  if (!code) return ''
  const d = tables().byCode.get(code)
  if (d) return d.name_zh
  return regionName ? regionName(code) : code
}

/** The petition office (信访局) serving exactly this region, whose queue takes its unrouted
 * petitions (routing's domain/offices.py); undefined when the region has none of its own. */
export function petitionOfficeOf(region: string): Department | undefined {
  return tables().all.find((d) => d.petition_office && d.region_code === region)
}
