import { defineStore } from 'pinia'
import { get, INTAKE } from '../lib/api'
import type { Reference } from '../lib/reference'

/** The kinds, categories, regions and kiosks, read once from intake. */
export const useReferenceStore = defineStore('reference', {
  state: () => ({
    data: null as Reference | null,
    failed: false,
  }),
  actions: {
    async load(): Promise<Reference | null> {
      if (this.data) return this.data
      try {
        this.data = await get<Reference>(`${INTAKE}/reference`)
        this.failed = false
      } catch {
        this.failed = true
      }
      return this.data
    },
  },
})
