/** Names of the reference data's codes (regions, categories), for lists and receipts. */
import { computed } from 'vue'
import type { Region } from '../../lib/reference'
import { useReferenceStore } from '../../stores/reference'

export function useRefNames() {
  const reference = useReferenceStore()
  void reference.load()

  const regions = computed(() => {
    const out = new Map<string, { name: string; parent: string | null }>()
    const walk = (r: Region, parent: string | null) => {
      out.set(r.code, { name: r.name_zh, parent })
      for (const c of r.children ?? []) walk(c, r.code)
    }
    for (const r of reference.data?.regions ?? []) walk(r, null)
    return out
  })

  const categories = computed(() => {
    const out = new Map<string, string>()
    for (const major of reference.data?.categories ?? []) {
      out.set(major.code, major.name_zh)
      for (const m of major.minors) out.set(m.code, `${major.name_zh} / ${m.name_zh}`)
    }
    return out
  })

  /** The region and its ancestors, nearest first. */
  function regionChain(code: string): string[] {
    const chain: string[] = []
    let at: string | null = code
    while (at && !chain.includes(at)) {
      chain.push(at)
      at = regions.value.get(at)?.parent ?? null
    }
    return chain
  }

  /** 淮安市 / 金湖县 / 银涂镇: the path below the city, as people say it. */
  function regionName(code: string | null | undefined): string {
    if (!code) return ''
    const chain = regionChain(code).reverse()
    const names = chain.map((c) => regions.value.get(c)?.name).filter((n): n is string => !!n)
    return names.length ? names.join(' / ') : code
  }

  function categoryName(code: string | null | undefined): string {
    if (!code) return ''
    return categories.value.get(code) ?? code
  }

  /** Whether `code` lies in the subtree of `root`. */
  function within(code: string, root: string): boolean {
    return regionChain(code).includes(root)
  }

  return { reference, regionChain, regionName, categoryName, within }
}
