/** The reference data as the form's selects and cascaders want it. */

export interface Named {
  code: string
  name_zh: string
}

export interface Category extends Named {
  minors: Named[]
}

export interface Region extends Named {
  level: string
  children?: Region[]
}

export interface Kiosk {
  id: string
  name_zh: string
  org: string
}

export interface Reference {
  kinds: Named[]
  categories: Category[]
  regions: Region[]
  kiosks: Kiosk[]
}

export interface CascaderOption {
  [key: string]: unknown
  value: string
  label: string
  children?: CascaderOption[]
}

export function categoryOptions(categories: readonly Category[]): CascaderOption[] {
  return categories.map((c) => ({
    value: c.code,
    label: c.name_zh,
    children: c.minors.map((m) => ({ value: m.code, label: m.name_zh })),
  }))
}

function regionOption(r: Region): CascaderOption {
  const kids = r.children ?? []
  return kids.length > 0
    ? { value: r.code, label: r.name_zh, children: kids.map(regionOption) }
    : { value: r.code, label: r.name_zh }
}

/** The city is the whole list's parent: the cascader starts at its districts and counties. */
export function regionOptions(regions: readonly Region[]): CascaderOption[] {
  const top = regions.length === 1 && regions[0].level === 'city' && regions[0].children?.length ? regions[0].children : regions
  return top.map(regionOption)
}

/** Whether a search text matches a cascader path (any level's name or code). */
export function pathMatches(labels: readonly string[], values: readonly string[], text: string): boolean {
  const q = text.trim().toLowerCase()
  if (q === '') return true
  return labels.some((l) => l.toLowerCase().includes(q)) || values.some((v) => v.startsWith(q))
}
