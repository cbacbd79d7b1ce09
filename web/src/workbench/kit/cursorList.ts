/**
 * A list read page by page with the API's cursor: `load()` reads the first page again (a
 * filter changed, or a refresh), `more()` appends the next. A refresh keeps as many rows as
 * were shown, so a user who paged down does not lose their place every few seconds.
 */
import { ref, type Ref } from 'vue'
import { ApiError } from '../../lib/api'

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export interface CursorList<T> {
  rows: Ref<T[]>
  next: Ref<string | null>
  loading: Ref<boolean>
  error: Ref<ApiError | null>
  load: () => Promise<void>
  more: () => Promise<void>
}

export function useCursorList<T>(
  fetchPage: (cursor: string | null, limit: number) => Promise<Page<T>>,
  pageSize = 50,
): CursorList<T> {
  const rows = ref<T[]>([]) as Ref<T[]>
  const next = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<ApiError | null>(null)

  async function load() {
    loading.value = true
    try {
      const limit = Math.min(Math.max(rows.value.length, pageSize), 200)
      const page = await fetchPage(null, limit)
      rows.value = page.items
      next.value = page.next_cursor
      error.value = null
    } catch (e) {
      error.value = e instanceof ApiError ? e : new ApiError(0, null, [])
    } finally {
      loading.value = false
    }
  }

  async function more() {
    if (!next.value) return
    loading.value = true
    try {
      const page = await fetchPage(next.value, pageSize)
      rows.value = [...rows.value, ...page.items]
      next.value = page.next_cursor
    } catch (e) {
      error.value = e instanceof ApiError ? e : new ApiError(0, null, [])
    } finally {
      loading.value = false
    }
  }

  return { rows, next, loading, error, load, more }
}
