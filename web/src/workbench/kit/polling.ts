/**
 * Lists and counts refresh by themselves (issue 16: within 5 s, no reload). Polling, not
 * server-sent events: every read already exists as a plain GET behind the gateway, and a
 * poll survives a service restart without reconnect logic. Paused while the tab is hidden.
 */
import { onBeforeUnmount, onMounted } from 'vue'

export const REFRESH_MS = 3000

export function usePolling(refresh: () => Promise<unknown> | void, everyMs = REFRESH_MS): void {
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false

  async function tick() {
    if (stopped) return
    if (typeof document === 'undefined' || document.visibilityState !== 'hidden') {
      try {
        await refresh()
      } catch {
        // The page shows its own error state; the next tick tries again.
      }
    }
    if (!stopped) timer = setTimeout(tick, everyMs)
  }

  onMounted(() => {
    timer = setTimeout(tick, everyMs)
  })
  onBeforeUnmount(() => {
    stopped = true
    if (timer) clearTimeout(timer)
  })
}
