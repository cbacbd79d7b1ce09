import { computed } from 'vue'
import { useRoute } from 'vue-router'

/** Whether a page is shown on a kiosk, its kiosk id, and where its links go. */
export function useArea() {
  const route = useRoute()
  const kioskId = computed(() => {
    const id = route.params.kioskId
    return typeof id === 'string' && id !== '' ? id : null
  })
  const base = computed(() => (kioskId.value ? `/kiosk/${encodeURIComponent(kioskId.value)}` : ''))
  const to = (path: string) => `${base.value}${path}` || '/'
  return { kioskId, base, to }
}
