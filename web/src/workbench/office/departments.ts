/**
 * The departments of the reference data (shared/refdata/files/departments.json, bundled at
 * build time: intake's public reference carries regions and categories but not departments),
 * and which of them may take a petition: intake's assign refuses a department that does not
 * answer for the petition's category in its region, so the picker says so before.
 */
import file from '../../../../shared/refdata/files/departments.json'

export interface Department {
  code: string
  name_zh: string
  level: string
  region: string
  categories: string[]
  regions: string[]
  petition_office: boolean
}

export const DEPARTMENTS: readonly Department[] = file.departments
const BY_CODE = new Map(DEPARTMENTS.map((d) => [d.code, d]))

export function department(code: string | null | undefined): Department | undefined {
  return code ? BY_CODE.get(code) : undefined
}

/** A department's (or a region's, via `regionName`) name, else the code itself. */
export function departmentName(code: string | null | undefined, regionName?: (c: string) => string): string {
  if (!code) return ''
  const d = BY_CODE.get(code)
  if (d) return d.name_zh
  return regionName ? regionName(code) : code
}

export function coversCategory(d: Department, category: string): boolean {
  return d.categories.some((c) => c === '*' || c === category || c === category.slice(0, 2))
}

/** `chain`: the petition's region and its ancestors (refNames.regionChain). */
export function coversRegion(d: Department, chain: readonly string[]): boolean {
  return d.regions.some((r) => chain.includes(r))
}

/** The petition office (信访局) serving exactly this region, whose queue takes its unrouted
 * petitions (routing's domain/offices.py); undefined when the region has none of its own. */
export function petitionOfficeOf(region: string): Department | undefined {
  return DEPARTMENTS.find((d) => d.petition_office && d.region === region)
}
