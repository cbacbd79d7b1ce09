/** What the kiosk forgets between two people: browser storage, the stores, the selection. */

export interface Wipeable {
  clear(): void
}

export function wipeBrowserState(opts: {
  storages: readonly (Wipeable | null | undefined)[]
  resetStores: () => void
  doc?: Pick<Document, 'activeElement' | 'getSelection'> | null
}): void {
  for (const s of opts.storages) {
    try {
      s?.clear()
    } catch {
      // A storage the browser refuses to open has nothing in it to clear.
    }
  }
  opts.resetStores()
  const doc = opts.doc
  if (doc) {
    const active = doc.activeElement as HTMLElement | null
    if (active && typeof active.blur === 'function') active.blur()
    doc.getSelection()?.removeAllRanges()
  }
}
