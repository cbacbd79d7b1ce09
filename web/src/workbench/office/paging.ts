/**
 * Lists whose API answers in one piece (supervision's red list, views, instruction cases):
 * shown page by page all the same, through useCursorList, the cursor being the offset.
 */
import type { Page } from '../kit/cursorList'

export function pagedLocally<T>(fetchAll: () => Promise<T[]>) {
  return async (cursor: string | null, limit: number): Promise<Page<T>> => {
    const all = await fetchAll()
    const from = Number(cursor ?? 0)
    const to = from + limit
    return { items: all.slice(from, to), next_cursor: to < all.length ? String(to) : null }
  }
}
