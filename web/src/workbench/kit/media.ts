/** Whether the screen is narrow (a tablet held upright, a small window): the menu collapses. */
import { onBeforeUnmount, ref, type Ref } from 'vue'

export const NARROW_PX = 900

export function useNarrow(px = NARROW_PX): Ref<boolean> {
  const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(`(max-width: ${px - 1}px)`) : null
  const narrow = ref(query?.matches ?? false)
  const update = (e: MediaQueryListEvent) => (narrow.value = e.matches)
  query?.addEventListener('change', update)
  onBeforeUnmount(() => query?.removeEventListener('change', update))
  return narrow
}
