/**
 * The preview's pickers as plain lists: Element Plus's cascader leaves ARIA errors behind once
 * opened (an `aria-expanded` on its text box, `aria-owns` naming menus that are not there),
 * which axe counts as critical; a select with groups, or with each region's whole path as its
 * name, is as quick to use (type to filter) and reads correctly to a screen reader.
 */
import type { Category, Region } from '../../lib/reference'

export interface Choice {
  value: string
  label: string
}

export interface ChoiceGroup {
  label: string
  options: Choice[]
}

/** The categories' minor codes, grouped under their major category. */
export function categoryGroups(categories: readonly Category[]): ChoiceGroup[] {
  return categories.map((c) => ({
    label: c.name_zh,
    options: c.minors.map((m) => ({ value: m.code, label: m.name_zh })),
  }))
}

/** Every region below the city, named by its path (金湖县 / 银涂镇 / 五里村), tree order. */
export function regionChoices(regions: readonly Region[]): Choice[] {
  const top = regions.length === 1 && regions[0].level === 'city' ? (regions[0].children ?? []) : regions
  const out: Choice[] = []
  const walk = (r: Region, above: string[]) => {
    const path = [...above, r.name_zh]
    out.push({ value: r.code, label: path.join(' / ') })
    for (const c of r.children ?? []) walk(c, path)
  }
  for (const r of top) walk(r, [])
  return out
}

/** A rule's description, read from the editor's document (the preview names only its id). */
export function ruleDescription(text: string, ruleId: string | null): string {
  if (!ruleId) return ''
  try {
    const doc = JSON.parse(text) as { rules?: { id?: unknown; description?: unknown }[] }
    const rule = (doc.rules ?? []).find((r) => r.id === ruleId)
    return typeof rule?.description === 'string' ? rule.description : ''
  } catch {
    return ''
  }
}
