import type { PiniaPluginContext, Store } from 'pinia'

/** Every store the app has made, so the kiosk can put each back to its first state. */
const made = new Set<Store>()

export function trackStores({ store }: PiniaPluginContext): void {
  made.add(store)
}

export function resetAllStores(): void {
  for (const s of made) s.$reset()
}
